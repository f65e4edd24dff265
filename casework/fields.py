from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class CodeSetField(models.PositiveIntegerField):
    """Several codes of one vocabulary, stored as a bit mask.

    In Python the value is a list of codes in the vocabulary's order; in the database, one
    integer where bit *i* is the vocabulary's *i*-th code. Counting "cases with sexual
    exploitation" is then `exploitation & 1 <> 0`, cheap and identical on PostgreSQL and
    SQLite, and the value needs no join table. Codes may be appended to a vocabulary, never
    reordered: the bits are a contract with the stored rows.
    """

    def __init__(self, *args, vocabulary=None, **kwargs):
        self.vocabulary = vocabulary
        # Computed once: a vocabulary's `.values` is rebuilt on every access.
        self._bits = (
            {code: 1 << i for i, code in enumerate(vocabulary.values)} if vocabulary else {}
        )
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    @property
    def validators(self):
        # The integer range validators do not apply: the value is checked as codes.
        return []

    @property
    def codes(self) -> list[str]:
        return list(self._bits)

    def bit(self, code: str) -> int:
        return self._bits[code]

    def to_mask(self, codes) -> int:
        if isinstance(codes, int):
            return codes
        mask = 0
        for code in codes or ():
            if code not in self._bits:
                raise ValidationError(_("Unknown code: %(code)s.") % {"code": code})
            mask |= self._bits[code]
        return mask

    def to_codes(self, mask: int) -> list[str]:
        return [code for code, bit in self._bits.items() if mask & bit]

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.to_codes(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, int):
            return self.to_codes(value)
        return [code for code in str(value).split("|") if code]

    def get_prep_value(self, value):
        return None if value is None else self.to_mask(value)

    def value_to_string(self, obj):
        return "|".join(self.value_from_object(obj) or [])

    def validate(self, value, model_instance):
        self.to_mask(value)
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary.choices,
            required=not self.blank,
            label=self.verbose_name,
            widget=forms.CheckboxSelectMultiple,
            **{k: v for k, v in kwargs.items() if k in ("label", "help_text", "initial")},
        )
