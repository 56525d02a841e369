"""Issue 25: committees, organisations and people are listed in Persian alphabetical order (پ after ب,
ک and گ before ل, آ with ا, ي/ك as ی/ک), by the one key in app/domain (persian.sort_key)."""
from app.services import committees, directory, lookups

NAMES = ["کمیته لرستان", "کمیته پژوهش", "کمیته گردشگری", "كميته كشاورزي", "کمیته آب", "کمیته اشتغال"]
ORDER = ["کمیته آب", "کمیته اشتغال", "کمیته پژوهش", "کمیته کشاورزی", "کمیته گردشگری", "کمیته لرستان"]


def test_lists_are_in_persian_order(session):
    for name in NAMES:
        committees.create_committee(session, name)
        directory.create_organization(session, name.replace("کمیته", "اداره").replace("كميته", "اداره"))
        directory.create_person(session, name.replace("کمیته", "علی").replace("كميته", "علی"))
    assert [c.name for c in committees.list_committees(session)] == ORDER
    assert [name for _, name in lookups.committee_names(session)] == ORDER
    orgs = [o.name for o in directory.list_organizations(session)]
    assert orgs == [n.replace("کمیته", "اداره") for n in ORDER]
    assert [name for _, name in lookups.organization_names(session)] == orgs
    assert [p.full_name for p in directory.list_people(session)] == [n.replace("کمیته", "علی") for n in ORDER]
