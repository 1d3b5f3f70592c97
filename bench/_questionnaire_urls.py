"""URLs of the questionnaire load benchmark: the bare view (the baseline) at
``/bench/nu/``, then every URL of the site (portal.urls).

The bare view is the least a Django form view does, behind the same middleware as the
site: GET renders a small form (one text field, a hidden one-time token, the CSRF token)
from a template; a valid POST inserts one row (a ``portal.models.FormToken``, unique on
its token) and redirects (302) to ``/bench/nu/merci/``; an invalid one shows the form
again (200)."""

import uuid

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import include, path

from portal.models import FormToken

TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Formulaire nu</title>'
    '</head><body><form method="post">{% csrf_token %}{{ form.as_div }}'
    '<button type="submit">Envoyer</button></form></body></html>'
)


class BareForm(forms.Form):
    """One text answer and the hidden token of the rendered form."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    texte = forms.CharField(label="Votre réponse", max_length=500)


def bare_view(request):
    """GET: the form with a fresh token; POST: one row inserted, then 302 (or the form
    with its errors, 200)."""
    if request.method == "POST":
        form = BareForm(request.POST)
        if form.is_valid():
            FormToken.objects.create(scope="bench.bare", token=str(form.cleaned_data["token"]))
            return HttpResponseRedirect("/bench/nu/merci/")
    else:
        form = BareForm(initial={"token": uuid.uuid4()})
    return HttpResponse(TEMPLATE.render({"form": form}, request))


urlpatterns = [
    path("bench/nu/", bare_view),
    path("", include("portal.urls")),
]
