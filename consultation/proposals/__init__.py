"""The proposal box at ``/propositions/``: its page (``pages``), the request handling the
page delegates to (``views``), its forms (``forms``), its data (``models``: proposals and
their contact details), the conversion of a questionnaire answer (``services``), the
moderation admin (``admin``, a Wagtail ModelViewSet) and the committee's downloads
(``exports``)."""
