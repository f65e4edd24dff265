import pytest
from django.db.models import BooleanField

from casework.fields import CodeSetField
from casework.models import Case, CaseType
from casework.types import CASE_TYPES, UndeclaredCaseType, declared
from casework.types.declaration import BOOLEAN, CODE, CODES, COUNTRY


def test_every_case_type_the_database_accepts_is_declared_and_nothing_else():
    assert sorted(CASE_TYPES) == sorted(CaseType.values)


def test_a_declaration_is_found_by_its_code_or_its_choice():
    assert declared("smuggling") is declared(CaseType.SMUGGLING)
    assert declared(CaseType.READMISSION).reference_code == "RDM"


@pytest.mark.parametrize("code", ["asylum", "", None, "Trafficking"])
def test_looking_up_an_undeclared_type_raises_instead_of_falling_back(code):
    with pytest.raises(UndeclaredCaseType):
        declared(code)


def test_a_case_of_an_undeclared_type_has_no_record_to_fall_back_to():
    with pytest.raises(UndeclaredCaseType):
        _ = Case(case_type="asylum").details


def test_each_type_record_is_reached_by_its_declared_relation():
    for declaration in CASE_TYPES.values():
        field = Case._meta.get_field(declaration.relation)
        assert field.related_model is declaration.model


def test_every_declared_field_is_a_field_of_its_model():
    for declaration in CASE_TYPES.values():
        for owner, fields in [
            (declaration.model, declaration.fields),
            *((rows.model, rows.fields) for rows in declaration.rows),
        ]:
            for field in fields:
                model_field = owner._meta.get_field(field.name)
                assert model_field.editable is field.entered, (owner, field.name)


def test_the_border_rule_wants_a_neighbour_unless_inland_and_clears_it_where_asked():
    [rule] = declared("smuggling").rules
    assert rule.errors({"location_type": "bcp", "border_with": ""}) == {"border_with": rule.missing}
    assert rule.errors({"location_type": "inland", "border_with": "MK"}) == {
        "border_with": rule.forbidden
    }
    values = {"location_type": "inland", "border_with": "MK"}
    assert rule.errors(values, clearing=True) == {}
    assert values["border_with"] == ""
    assert rule.errors({"location_type": "bcp", "border_with": "MK"}) == {}


def _declared_fields():
    for declaration in CASE_TYPES.values():
        yield declaration.model, declaration.fields
        for rows in declaration.rows:
            yield rows.model, rows.fields


def test_the_models_store_each_declared_field_with_the_declared_vocabulary():
    # The models say how a field is stored; the declarations say what it takes. A model whose
    # choices drifted from its declaration would store codes no door accepts.
    for model, fields in _declared_fields():
        for field in fields:
            stored = model._meta.get_field(field.name)
            if field.kind == CODE:
                assert stored.choices == list(field.vocabulary.choices), (model, field.name)
            elif field.kind == CODES:
                assert isinstance(stored, CodeSetField), (model, field.name)
                assert stored.vocabulary is field.vocabulary, (model, field.name)
            elif field.kind == COUNTRY:
                assert not stored.choices and stored.max_length >= max(map(len, field.codes))
            else:
                assert field.kind == BOOLEAN and isinstance(stored, BooleanField)
                continue  # a box left unticked is False: never blank
            if field.entered:
                assert stored.blank is not field.required, (model, field.name)
