"""The public form "Ajouter une action" (no account) and its edit variant.

Every text is stored as plain text: the title, summary, organisation, address, tags and
contact are plain fields escaped by the templates; the description becomes rich text
through :func:`plain_text_to_html`, which escapes it first, so that ``<script>`` typed in
any field is shown as written and never run. The point comes from two hidden inputs
filled by ``point-picker.js`` (WGS84 degrees, dot decimal separator, never localised) and
is validated by :mod:`portal.geo`; without it the commune's reference point (its town
hall, else its centroid) is used. The commune is typed (with a ``<datalist>``, no
JavaScript needed) and resolved by :func:`portal.commune_search.find_communes`
(apostrophe, case, hyphen and accent variants all find it; ambiguous input offers a
choice).

The optional photo (JPEG, PNG or WebP, at most 5 MB) is checked and cleaned by
:func:`initiatives.photos.clean_photo` (type read from the content, metadata removed,
scaled down); it needs an alt text. A file input cannot be filled again by the server: when
the rest of the form is refused, the photo field says so ("choose your photo again").
"""

import re
from html.parser import HTMLParser

from django import forms
from django.conf import settings
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags

from portal.choices import ACTOR_TYPES, PERIODS
from portal.commune_search import departement_communes, find_communes
from portal.forms import AccessibleFormMixin, PlainTextFormMixin
from portal.geo import InvalidLocation, format_coordinate, in_departement, parse_point
from portal.models import Theme
from portal.spam import HONEYPOT_NAME, honeypot_field
from portal.theme_choices import theme_choices

from .photos import ACCEPT, MAX_BYTES, TOO_LARGE, PhotoError, clean_photo, find_image
from .tags import fold_tag_name

#: Limits of the texts (characters).
TITLE_MAX = 150
SUMMARY_MAX = 300
DESCRIPTION_MAX = 5000
ORGANISATION_MAX = 200
ADDRESS_MAX = 255
CONTACT_MAX = 255
PHOTO_ALT_MAX = 250
TAGS_MAX = 5
TAG_MAX = 50

#: A coordinate as point-picker.js writes it: optional minus, digits, dot, digits.
COORDINATE_RE = re.compile(r"^-?\d{1,3}(?:\.\d{1,10})?$")


#: Runs of blanks inside a line (HTML shows them as one space anyway); non-breaking
#: spaces are kept (French typography puts them before ":" and "?").
BLANKS_RE = re.compile(r"[ \t\f\v]+")
#: White space as HTML collapses it (ASCII space, tab, line feed, form feed, return).
HTML_BLANKS_RE = re.compile(r"[ \t\n\f\r]+")


def plain_text_to_html(text):
    """Plain text (str) -> rich text HTML (str) in the form Wagtail's editor reads.

    Lines are split as ``str.splitlines`` does (LF, CRLF, CR, Unicode separators); blank
    lines separate paragraphs (``<p>``, joined by a blank line); single line breaks
    inside a paragraph become ``<br/>``, the self-closed form that Wagtail writes itself
    and that its Draftail converter reads (a bare ``<br>`` makes it fail with
    "Unmatched tags"). Tabs and runs of spaces become one space; blank lines at the ends
    are dropped; everything is escaped. ``"a\r\nb\n\n<script>"`` gives
    ``"<p>a<br/>b</p>\n\n<p>&lt;script&gt;</p>"``; "" gives "".
    """
    paragraphs, lines = [], []
    for line in (text or "").splitlines():
        line = BLANKS_RE.sub(" ", line).strip(" ")
        if line:
            lines.append(escape(line))
        elif lines:
            paragraphs.append(lines)
            lines = []
    if lines:
        paragraphs.append(lines)
    return "\n\n".join("<p>" + "<br/>".join(lines) + "</p>" for lines in paragraphs)


class _PlainTextParser(HTMLParser):
    """Collects the text of rich text HTML as paragraphs of lines (see
    :func:`html_to_plain_text`)."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
              "ul", "ol", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []  # list of list of str (lines)
        self.lines = []
        self.line = ""
        self.lists = []  # stack of [kind, next number]
        self.links = []  # stack of hrefs of the open <a> (or "")
        self.link_start = 0  # where the text of the open <a> starts in ``line``

    def _end_line(self):
        # HTML's white space only (non-breaking spaces are kept, as typed).
        line = HTML_BLANKS_RE.sub(" ", self.line).strip(" ")
        if line:
            self.lines.append(line)
        self.line = ""

    def _end_block(self):
        self._end_line()
        if self.lines and not self.lists:
            self.paragraphs.append(self.lines)
            self.lines = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self._end_line()
        elif tag in ("ul", "ol"):
            self._end_line()
            if not self.lists:
                self._end_block()
            self.lists.append([tag, 1])
        elif tag == "li":
            self._end_line()
            prefix = "- "
            if self.lists and self.lists[-1][0] == "ol":
                prefix = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            self.line = "  " * max(len(self.lists) - 1, 0) + prefix
        elif tag in self.BLOCKS:
            self._end_block()
        elif tag == "a":
            href = attrs.get("href") or ""
            self.links.append(href if re.match(r"^(https?:|mailto:)", href) else "")
            self.link_start = len(self.line)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._end_line()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._end_block()
        elif tag == "li":
            self._end_line()
        elif tag in self.BLOCKS:
            self._end_block()
        elif tag == "a" and self.links:
            href = self.links.pop()
            label = HTML_BLANKS_RE.sub(" ", self.line[self.link_start:]).strip(" ")
            shown = href[len("mailto:"):] if href.startswith("mailto:") else href
            if href and label != shown:
                self.line += f" ({shown})" if label else shown

    def handle_data(self, data):
        self.line += data

    def text(self):
        """The collected text (str): paragraphs separated by a blank line."""
        self.close()
        self.lists = []
        self._end_block()
        return "\n\n".join("\n".join(lines) for lines in self.paragraphs)


def html_to_plain_text(value):
    """Rich text HTML (str) -> plain text (str): the inverse of :func:`plain_text_to_html`.

    Paragraphs are separated by a blank line, ``<br>`` gives a line break; markup added
    by staff in the admin gives readable text: list items become lines starting with
    "- " (bulleted) or "1. ", "2. "... (numbered), a link to a web or mail address keeps
    its address in brackets after its text ("le site (https://exemple.fr)") unless the
    text is the address; bold, italics and other markup are dropped, their text kept.
    Whitespace runs are collapsed as HTML does.
    """
    parser = _PlainTextParser()
    parser.feed(value or "")
    return parser.text()


def parse_coordinate(text):
    """A coordinate from a hidden input (str) -> float, or None when blank.

    Raises ``ValueError`` for anything but ``-?digits[.digits]`` (a localised "43,89"
    included: the script always writes a dot).
    """
    text = (text or "").strip()
    if not text:
        return None
    if not COORDINATE_RE.match(text):
        raise ValueError(text)
    return float(text)


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """Themes by slug, labelled with their (staff-editable) label."""

    def label_from_instance(self, obj):
        return obj.label


class InitiativeSubmissionForm(PlainTextFormMixin, AccessibleFormMixin, forms.Form):
    """Public form of a solidarity action.

    ``cleaned_data`` after ``is_valid()``: ``title``, ``summary`` (given, else the start
    of the description), ``description`` (plain text), ``actor_type`` (key of
    ACTOR_TYPES), ``organisation``, ``commune`` (portal Commune), ``address``,
    ``point`` (``(lat, lng)`` WGS84 degrees, or None for the commune's point), ``themes``
    (list of Theme), ``tags`` (list of str), ``period`` (key of PERIODS),
    ``volunteers_wanted`` (bool), ``public_contact``, ``photo``
    (:class:`initiatives.photos.CleanPhoto` or None), ``photo_alt`` (str, "" without a
    photo), ``remove_photo`` (bool), and, unless ``editing``, ``email`` and ``consent``.
    ``commune_candidates`` lists the communes offered when the typed commune is
    ambiguous. Pass ``editing=True`` for the submitter's edit form (no e-mail nor
    consent: they were given with the first submission) and ``current_photo`` (the
    action's Wagtail image, or None): it is kept unless replaced or removed.
    """

    title = forms.CharField(
        label=_("Name of the action"), max_length=TITLE_MAX,
        error_messages={"required": _("Give the action a name.")},
    )
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX,
        error_messages={"required": _("Describe the action in a few lines.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the action does, for whom, when. Plain text; links and HTML "
                    "are shown as written."),
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=SUMMARY_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in the list. Left empty, the beginning of "
                    "the description is used."),
    )
    actor_type = forms.ChoiceField(
        label=_("Who runs the action?"), choices=ACTOR_TYPES, widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"), max_length=ORGANISATION_MAX, required=False,
        help_text=_("Name of the association, commune, collective or business."),
    )
    commune = forms.CharField(
        label=_("Commune"), max_length=100,
        error_messages={"required": _("Give the commune where the action takes place.")},
        help_text=_("Type the name or the INSEE code and choose from the list."),
        widget=forms.TextInput(attrs={"list": "communes-liste", "autocomplete": "off"}),
    )
    commune_insee = forms.CharField(required=False, max_length=5, label=_("Matching communes"))
    address = forms.CharField(
        label=_("Address"), max_length=ADDRESS_MAX, required=False,
        help_text=_("Optional: street and number, or the name of the place."),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput, label=_("Point on the map"))
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    themes = ThemeChoiceField(
        label=_("Themes"), queryset=None, to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    tags = forms.CharField(
        label=_("Keywords"), max_length=300, required=False,
        help_text=_("Optional: up to 5 keywords separated by commas."),
    )
    period = forms.ChoiceField(
        label=_("When?"), choices=PERIODS, widget=forms.RadioSelect, initial="en-cours",
        error_messages={"required": _("Choose one answer.")},
    )
    volunteers_wanted = forms.BooleanField(label=_("The action is looking for volunteers"),
                                           required=False)
    public_contact = forms.CharField(
        label=_("Public contact"), max_length=CONTACT_MAX, required=False,
        help_text=_("Optional, shown to everyone: a generic e-mail address, phone number "
                    "or website of the organisation. Not your personal address."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False,
        help_text=_("A JPEG, PNG or WebP photo of at most 5 MB. Its location and other "
                    "hidden details are removed before it is stored; it is published "
                    "with the action after moderation. Only send a photo you took or may "
                    "use, where people can be recognised only if they agree."),
        # The form's script (photo-check.js) refuses a larger file as soon as it is
        # chosen, before the whole form travels; the server checks again.
        widget=forms.FileInput(attrs={
            "accept": ACCEPT, "data-max-bytes": MAX_BYTES, "data-too-large": TOO_LARGE,
        }),
    )
    photo_alt = forms.CharField(
        label=_("What the photo shows"), max_length=PHOTO_ALT_MAX, required=False,
        help_text=_("Required with a photo: what the photo shows, in one sentence, for "
                    "people who cannot see it (e.g. “Volunteers sorting vegetables in the "
                    "village hall”). Do not start with “photo of”."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        error_messages={"required": _("Give your e-mail address: we send you the link "
                                      "that confirms your action.")},
        help_text=_("Private, never published: we send you a link to confirm your action, "
                    "then to change or withdraw it."),
        # The browser may fill in the resident's own address (RGAA 11.13).
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the notice above and agree that my e-mail address is used "
                "for this purpose."),
        error_messages={"required": _("Tick this box to send your action.")},
    )

    error_anchors = {"latitude": "point", "longitude": "point",
                     "commune_insee": "id_commune"}

    def __init__(self, *args, editing=False, current_photo=None, **kwargs):
        self.editing = editing
        self.current_photo = current_photo
        self.commune_candidates = []
        self.point = None
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_NAME] = honeypot_field()
        self.fields["themes"].queryset = Theme.objects.all()
        # Offered in the Theme list's one order (portal.theme_choices), as everywhere.
        self.fields["themes"].choices = theme_choices()
        if editing:
            del self.fields["email"]
            del self.fields["consent"]
        if current_photo is None:
            del self.fields["remove_photo"]
        else:
            # On the field and on its bound field, already made by describe_fields().
            self.fields["photo"].label = self["photo"].label = _("Replace the photo (optional)")

    def clean_photo(self):
        """The uploaded file -> :class:`initiatives.photos.CleanPhoto`, or None when no
        file was chosen. Raises ValidationError with the French message of
        :class:`initiatives.photos.PhotoError` (type, size, damaged file, too many
        pixels)."""
        uploaded = self.cleaned_data.get("photo")
        if not uploaded:
            return None
        try:
            return clean_photo(uploaded)
        except PhotoError as error:
            raise forms.ValidationError(str(error)) from None

    def _clean_photo_alt(self, cleaned):
        """The alt text is required when the action will have a photo (a new one, or the
        current one kept); without a photo it is dropped."""
        kept = self.current_photo is not None and not cleaned.get("remove_photo")
        has_photo = bool(cleaned.get("photo")) or kept or "photo" in self._errors
        if not has_photo:
            cleaned["photo_alt"] = ""
        elif not cleaned.get("photo_alt") and "photo_alt" not in self._errors:
            self.add_error("photo_alt", _(
                "Describe the photo in one sentence: this text replaces it for people who "
                "cannot see it."))

    def full_clean(self):
        """Validate; then, when the form is refused and a photo was chosen, say next to
        the photo field that it must be chosen again (a browser never sends a file input
        back filled in)."""
        super().full_clean()
        if (self.is_bound and self._errors and self.files.get(self.add_prefix("photo"))
                and "photo" not in self._errors):
            self.add_error("photo", _(
                "Your photo was not kept because of the other errors of the form: choose "
                "your photo again."))
            self.describe_fields()

    def clean_tags(self):
        """Keywords (str, comma-separated) -> list of at most 5 str of at most 50 characters.

        Spellings of one keyword that differ only by case ("Entraide, entraide") count
        once, as first typed; an existing tag is then found whatever its case
        (``TAGGIT_CASE_INSENSITIVE``, :mod:`initiatives.tags`).
        """
        text = self.cleaned_data.get("tags") or ""
        names, seen = [], set()
        for name in sorted(parse_tags(text), key=lambda name: (text.find(name), name)):
            if fold_tag_name(name) not in seen:
                seen.add(fold_tag_name(name))
                names.append(name)
        if len(names) > TAGS_MAX:
            raise forms.ValidationError(
                _("Give at most %(max)d keywords."), params={"max": TAGS_MAX}
            )
        if any(len(name) > TAG_MAX for name in names):
            raise forms.ValidationError(
                _("Each keyword has at most %(max)d characters."), params={"max": TAG_MAX}
            )
        return names

    #: One-line texts (the summary too: a textarea for room, one line on the page):
    #: their line breaks and runs of spaces become one space.
    ONE_LINE_FIELDS = ("title", "summary", "organisation", "commune", "address",
                       "public_contact", "photo_alt")

    def clean(self):
        """Resolve the commune and check the point (both refused with a French message)."""
        cleaned = super().clean()
        for name in self.ONE_LINE_FIELDS:
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split())
        self._clean_commune(cleaned)
        self._clean_point(cleaned)
        self._clean_photo_alt(cleaned)
        if not cleaned.get("summary") and cleaned.get("description"):
            cleaned["summary"] = Truncator(
                " ".join(cleaned["description"].split())
            ).chars(SUMMARY_MAX)
        return cleaned

    def _clean_commune(self, cleaned):
        chosen = (cleaned.get("commune_insee") or "").strip()
        if chosen:
            commune = departement_communes().filter(insee_code=chosen.upper()).first()
            if commune is None:
                self.add_error("commune", _(
                    "This commune is not in the list of the communes of the %(dep)s: "
                    "choose one from the list.") % {"dep": settings.PORTAL_DEPARTEMENT_NAME})
                return
            cleaned["commune"] = commune
            return
        text = cleaned.get("commune")
        if not text:
            return
        lookup = find_communes(text)
        if lookup.resolved:
            cleaned["commune"] = lookup.resolved
        elif lookup.communes:
            self.commune_candidates = lookup.communes
            self.add_error("commune", _(
                "Several communes match “%(text)s”: choose yours below (they are told apart "
                "by their INSEE code).") % {"text": text})
        else:
            self.add_error("commune", _(
                "No commune of the %(dep)s matches “%(text)s”: choose one from the list.")
                % {"dep": settings.PORTAL_DEPARTEMENT_NAME, "text": text})

    def _clean_point(self, cleaned):
        try:
            lat = parse_coordinate(cleaned.get("latitude"))
            lng = parse_coordinate(cleaned.get("longitude"))
        except ValueError:
            self.add_error("latitude", _("The point on the map is not valid: place it again."))
            return
        if lat is None and lng is None:
            self.point = None
        elif lat is None or lng is None:
            self.add_error("latitude", _("The point on the map is not valid: place it again."))
            return
        elif not in_departement(lat, lng):
            self.add_error("latitude", _(
                "The point on the map lies outside the %(dep)s: place it in the département, "
                "or remove it to use the commune's location.")
                % {"dep": settings.PORTAL_DEPARTEMENT_NAME})
            return
        else:
            self.point = (lat, lng)
        cleaned["point"] = self.point

    @classmethod
    def initial_from_page(cls, page):
        """Initial data (dict) of the edit form from an InitiativePage (its latest draft).

        The point is given only when the page has its own ``location``.
        """
        initial = {
            "title": page.title, "summary": page.summary,
            "description": html_to_plain_text(page.description),
            "actor_type": page.actor_type, "organisation": page.organisation,
            "commune": page.commune.label if page.commune_id else "",
            "address": page.address,
            "themes": [theme.slug for theme in page.themes.all()],
            "tags": ", ".join(tag.name for tag in page.tags.all()),
            "period": page.period, "volunteers_wanted": page.volunteers_wanted,
            "public_contact": page.public_contact,
            "photo_alt": photo.description if (photo := find_image(page.image_id)) else "",
        }
        if page.location:
            try:
                lat, lng = parse_point(page.location)
            except InvalidLocation:
                pass
            else:
                initial["latitude"] = format_coordinate(lat)
                initial["longitude"] = format_coordinate(lng)
        return initial


class ResendLinkForm(AccessibleFormMixin, forms.Form):
    """"Renvoyer mon lien": the e-mail address given with one's actions.

    ``cleaned_data``: ``email`` (str, at most 254 characters). Carries the honeypot of
    :mod:`portal.spam`. The address is autocompleted by the browser (WCAG 1.3.5,
    ``autocomplete="email"``).
    """

    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Give the e-mail address you used to send your action."),
            "invalid": _("Give a valid e-mail address, such as nom@exemple.fr."),
        },
        help_text=_("The one you gave when you sent your action."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_NAME] = honeypot_field()
