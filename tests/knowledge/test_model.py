"""The learned model runs without scikit-learn and says exactly what scikit-learn says (needs the test extra)."""

from __future__ import annotations

import math

import pytest

from bot.knowledge import model, training
from bot.knowledge.model import features, router_from

pytest.importorskip("sklearn")

TEXTS = ["คอมเสียครับ ช่วยซ่อมหน่อย", "ปริ้นเตอร์พิมพ์ไม่ออกค่ะ มาดูให้หน่อย", "จอฟ้าเปิดไม่ติด",
         "DMC คืออะไรคะ", "EMIS ปิดวันไหน", "ลิงก์ B-OBEC ค่ะ", "สวัสดีครับ", "ขอบคุณค่ะ", "โอเคครับ",
         "คอมห้องธุรการดับ", "ระบบ DLIT ใช้ทำอะไร", "555 ตลกมาก"]
LABELS = ["repair", "repair", "repair", "answer", "answer", "answer", "chat", "chat", "chat", "repair", "answer",
          "chat"]


def test_the_exported_router_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    exported, _ = training.fit_router(TEXTS * 2, LABELS * 2)
    router = router_from(exported)
    vectorizer, matrix = training.vectorise(TEXTS * 2)
    reference = LogisticRegression(C=training.ROUTER_C, max_iter=3000, class_weight="balanced").fit(
        matrix, LABELS * 2)
    for text, row in zip(TEXTS, reference.predict_proba(vectorizer.transform([features(t) for t in TEXTS])),
                         strict=True):
        ours = router.probabilities(text)
        expected = dict(zip(reference.classes_, row, strict=True))
        # weights are rounded to three decimals and tiny ones dropped in the file: agreement to a few per cent
        assert max(abs(ours[k] - expected[k]) for k in expected) < 0.03, text
        assert max(ours, key=ours.__getitem__) == max(expected, key=expected.__getitem__)


def test_the_judge_is_a_logistic_function_of_its_features():
    judge = model.Judge(("a", "b"), (2.0, -1.0), 0.5)
    assert judge.probability({"a": 1.0, "b": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert judge.probability({}) == pytest.approx(1 / (1 + math.exp(-0.5)))


def test_the_shipped_model_loads_and_knows_every_kind():
    shipped = model.shipped()
    assert set(shipped.router.classes) == set(training.KINDS)
    assert set(shipped.thresholds) == {"request", "other", "chat", "answer", "out", "suggest"}
    assert 0 < len(shipped.entries.ids) <= 200
    probabilities = shipped.router.probabilities("คอมห้องธุรการเปิดไม่ติดค่ะ ช่วยมาดูหน่อย")
    assert math.isclose(sum(probabilities.values()), 1.0) and max(probabilities, key=probabilities.get) == "repair"


def test_router_weights_ship_as_whole_thousandths_and_load_back_exactly():
    rows = {"w:คอม": [0.123, -1.5, 0.0], "c:ดม": [12.346, -0.001, 0.5]}
    router = router_from({"classes": ["a", "b", "c"], "intercept": [0.0, 0.0, 0.0], **model.pack(rows)})
    assert router.index == {"w:คอม": 0, "c:ดม": 1}
    assert [w / model.ROUTER_SCALE for w in router.weights] == pytest.approx([w for row in rows.values() for w in row])
    assert router.explain("คอม", "b") == [("w:คอม", pytest.approx(-1.5 * features("คอม")["w:คอม"]))]

