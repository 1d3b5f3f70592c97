"""Create the demo content by running each plugin's ``portal_demo_content`` hook."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from portal.base_url import sync_default_site
from portal.hooks import DEMO_CONTENT
from wagtail import hooks


class Command(BaseCommand):
    help = "Create demo content through each plugin's hook, in order (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for fn in hooks.get_hooks(DEMO_CONTENT):
                site = Site.objects.filter(is_default_site=True).first()
                home = site.root_page.specific if site else None
                fn(home, self.stdout)
            # A Site created by the demo follows PORTAL_BASE_URL too.
            sync_default_site()
        self.stdout.write("Contenu de démonstration à jour.")
