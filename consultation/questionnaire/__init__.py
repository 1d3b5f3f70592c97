"""The questionnaire residents answer at ``/consultation/``: its page (``pages``), the
request handling the page delegates to (``views``), its forms (``forms``), its data
(``models``: questions, submissions, contact details, answer keys), the API serializer
(``serializers``) and the rules on keys and conditional questions (``keys``,
``conditions``)."""
