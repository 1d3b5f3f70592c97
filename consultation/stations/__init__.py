"""Shared computers ("poste partagé"): a signed, expiring link that staff open on a CCAS
or library computer, where the questionnaire resets after each resident."""
