"""``manage.py record_answer_keys``: record the answer keys of submissions written without
``ConsultationSubmission.save()`` (bulk loads, imports) in ``AnswerKey``, so that their
removed questions appear in exports and in the committee listing. Idempotent: keys
already recorded keep their first appearance."""

from django.core.management.base import BaseCommand

from consultation.models import AnswerKey, ConsultationSubmission


class Command(BaseCommand):
    help = "Enregistre les clés des réponses stockées (après un chargement en masse)."

    def handle(self, *args, **options):
        count = AnswerKey.record_all(ConsultationSubmission.objects.all())
        if options["verbosity"]:
            self.stdout.write(f"Réponses lues : {count}.")
