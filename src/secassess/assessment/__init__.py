"""Assessments (đợt đánh giá): lifecycle (:mod:`.service`), result words (:mod:`.results`), the
answers import (:mod:`.answers`), questionnaires in YAML, Excel and at the prompt
(:mod:`.questionnaire`), and the inputs of the scoring model (:mod:`.score`)."""
