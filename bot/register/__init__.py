"""The consultation and repair register (ทะเบียนคุมประเด็นขอคำปรึกษา): pure domain rules, no I/O."""
