"""WTForms' own messages in the reader's language, from the app's catalogues.

WTForms ships no Albanian catalogue, and its Serbian one uses other words than this app
("Nije validna vrednost datuma", "karaktera"). The base form (`safety.forms.Form`) hands
WTForms an `AppTranslations`, so "This field is required." is looked up in
safety/translations/{sq,sr,en} like every other message of the app.
"""

from __future__ import annotations

from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l

# Every message WTForms 3.x's validators, fields and CSRF can produce (wtforms/locale/wtforms.pot),
# plus Flask-WTF's file validators that go through `field.gettext`. Listed here only so that
# `pybabel extract` puts them in our catalogue; WTForms fills in the %(...)s values itself.
WTFORMS_MESSAGES = (
    # validators.py
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    lazy_ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        2,
    ),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        2,
    ),
    lazy_ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        2,
    ),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    # csrf/
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    # fields/choices.py
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        2,
    ),
    # fields/datetime.py and fields/numeric.py
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    # flask_wtf/file.py (FileRequired reuses "This field is required.")
    _l("File does not have an approved extension: {extensions}"),
    _l("File does not have an approved extension."),
)


class AppTranslations:
    """The translations object WTForms asks for (`Meta.get_translations`).

    It looks messages up in the current request's catalogue and returns them unformatted:
    WTForms substitutes %(min)d and the like itself. (flask_babel's `ngettext` would already
    apply `% {"num": n}`, which breaks on WTForms' %(min)d, hence the catalogue is used
    directly.) Outside a request, or for a message we do not have, the English text is returned.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)
