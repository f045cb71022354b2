"""The copier seam: render and update, questionnaire and answers, bundle, rollout."""
