"""Assisted entry: answers collected on paper, by phone or at a front desk, entered in
the admin by the "Saisie accompagnée" group, with batches of paper forms, pseudonymous
operator numbers and optional double entry."""
