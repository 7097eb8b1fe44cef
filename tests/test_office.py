"""The office's settings: one set of defaults, staff changes over the installation's, as stored and shown."""

from __future__ import annotations

from datetime import date

from bot.office import Office
from bot.settings import Settings


def test_stored_changes_apply_over_the_installation_with_their_types():
    installed = Office(name="สพป.ตัวอย่าง เขต 1", staff_group_id="Cstaff")
    office = installed.updated({"phone": "045-000000", "followup_days": "3", "closures": ["2026-12-31"],
                                "group_contacts": {"plan": "ต่อ 201"}, "staff_group_id": "", "theme": "dark"})
    assert office.phone == "045-000000" and office.followup_days == 3
    assert office.closures == ("2026-12-31",) and office.closed_days() == frozenset({date(2026, 12, 31)})
    assert office.group_contacts == {"plan": "ต่อ 201"}
    assert office.staff_group_id == "Cstaff"  # an emptied field falls back to the installation's
    assert office.name == "สพป.ตัวอย่าง เขต 1" and not hasattr(office, "theme")  # unknown keys are ignored
    assert installed.phone == "-"  # the installed settings are not changed


def test_the_stored_form_reads_back_the_same():
    office = Office().updated({"closures": ["2027-01-02"], "opens_at": "08:00", "no_response_days": 5})
    assert Office().updated(office.as_dict()) == office
    assert office.as_dict()["closures"] == ["2027-01-02"]  # JSON-friendly


def test_settings_from_the_environment_use_the_one_set_of_defaults():
    assert Settings().office == Office()
    office = Settings.from_env({"OFFICE_NAME": "สพม.ตัวอย่าง", "REGISTER_PREFIX": "sp"}).office
    assert office.name == "สพม.ตัวอย่าง" and office.register_prefix == "SP"
    assert (office.followup_days, office.opens_at, office.closes_at) == (2, "08:30", "16:30")


def test_answers_quote_the_contact_fields_only():
    assert Office(phone="").placeholders() == {"name": Office().name, "phone": "-", "hours": Office().hours}
