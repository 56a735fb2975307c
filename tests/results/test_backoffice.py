"""The results back-office, as the process's administrator (never a superuser): the list and its bulk updates, a
result's form, results from the winning projects, the timeline, the statuses and the roll-up setting, the import from
CSV or XLSX with the back-office's all-or-nothing policy, and the panel on the back-office home."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from apps.notifications.models import Notification
from apps.notifications.services import follow_add
from apps.results.models import Result, ResultStatus, Rollup, TimelineEntry, results_settings_for
from tests.factories import BudgetFactory, ProjectFactory, UserFactory
from tests.helpers import png_bytes

from .factories import ResultFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(f"results_backoffice:{name}", kwargs=kwargs)


@pytest.fixture
def staff(client, agent):
    client.force_login(agent)
    return client


def test_a_citizen_is_refused_with_the_reason(client, process):
    client.force_login(UserFactory())
    response = client.get(en("results", slug=process.slug))
    assert response.status_code == 403
    assert "Only the administrators of this process can manage its results." in response.content.decode()


def test_the_home_panel_links_to_the_results(staff, process):
    ResultFactory.create_batch(2, process=process)
    page = staff.get("/en/backoffice/").content.decode()
    assert 'data-panel="results.results"' in page
    assert en("results", slug=process.slug) in page


def test_the_list_shows_parents_then_their_sub_results(staff, process, statuses):
    parent = ResultFactory(process=process, title_en="Pistes cyclables", status=statuses["works"])
    ResultFactory(process=process, parent=parent, title_en="Tronçon nord")
    page = staff.get(en("results", slug=process.slug)).content.decode()
    assert page.index("Pistes cyclables") < page.index("Tronçon nord")
    assert "1 sub-result" in page


def test_bulk_update_from_the_list(staff, process, statuses):
    first, second = ResultFactory(process=process), ResultFactory(process=process)
    response = staff.post(
        en("results", slug=process.slug),
        {"results": [first.pk, second.pk], "status": statuses["done"].pk, "end_date": "2027-03-31"},
        follow=True,
    )
    assert "2 results have been updated." in response.content.decode()
    for result in (first, second):
        result.refresh_from_db()
        assert result.progress == Decimal(100) and result.end_date == datetime.date(2027, 3, 31)


def test_bulk_update_without_anything_to_change_says_so(staff, process):
    result = ResultFactory(process=process)
    response = staff.post(en("results", slug=process.slug), {"results": [result.pk]})
    assert response.status_code == 400
    assert "Choose what to change" in response.content.decode()


def test_create_a_result_with_an_image_and_a_bad_one(staff, process, statuses):
    data = {"title_fr": "Piscine", "title_en": "Pool", "status": statuses["tendering"].pk, "amount_spent": "0"}
    bad = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = staff.post(en("result_create", slug=process.slug), {**data, "new_image": bad})
    assert response.status_code == 400
    assert "Upload an image (JPG, PNG or WebP)." in response.content.decode()
    assert not Result.objects.exists()
    good = SimpleUploadedFile("pool.png", png_bytes(), content_type="image/png")
    staff.post(en("result_create", slug=process.slug), {**data, "new_image": good, "new_image_alt": "The pool"})
    result = Result.objects.get()
    assert result.progress == Decimal(30) and result.images.get().alt_text == "The pool"


def test_a_place_off_the_globe_is_refused_next_to_its_field(staff, process, statuses):
    # A latitude of 95 and a longitude of 200 were saved; the maps cannot show them.
    data = {"title_fr": "Piscine", "status": statuses["tendering"].pk, "amount_spent": "0", "latitude": "95",
            "longitude": "200"}  # fmt: skip
    response = staff.post(en("result_create", slug=process.slug), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["latitude"] == ["Ensure this value is less than or equal to 90."]
    assert errors["longitude"] == ["Ensure this value is less than or equal to 180."]
    assert not Result.objects.exists()
    staff.post(en("result_create", slug=process.slug), {**data, "latitude": "-90", "longitude": "180"})
    assert Result.objects.get().latitude == Decimal(-90)


def test_edit_keeps_the_progress_unless_the_status_changes(staff, process, statuses):
    result = ResultFactory(process=process, status=statuses["works"], progress=Decimal(55))
    form = {"title_fr": result.title, "status": statuses["works"].pk, "progress": "55.00", "amount_spent": "100"}
    staff.post(en("result_edit", pk=result.pk), {**form, "progress": "55.00"})
    result.refresh_from_db()
    assert result.progress == Decimal(55) and result.amount_spent == Decimal(100)
    staff.post(en("result_edit", pk=result.pk), {**form, "status": statuses["done"].pk})
    result.refresh_from_db()
    assert result.progress == Decimal(100)


def test_results_from_the_winning_projects(staff, process, statuses):
    budget = BudgetFactory(process=process)
    ProjectFactory(budget=budget, status="winner", title_en="Fontaines")
    page = staff.get(en("from_winners", slug=process.slug)).content.decode()
    assert "Fontaines" in page and "Create 1 result" in page
    response = staff.post(en("from_winners", slug=process.slug), {"status": statuses["works"].pk}, follow=True)
    assert "1 result has been created from the winning projects." in response.content.decode()
    assert Result.objects.get().progress == Decimal(60)


def test_a_timeline_entry_with_photos_reaches_the_followers(staff, process):
    result = ResultFactory(process=process, title="Piscine", title_en="Piscine")
    follower = UserFactory()
    follow_add(user=follower, target=result)
    photos = [
        SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
        SimpleUploadedFile("b.png", png_bytes(color=(0, 90, 200)), content_type="image/png"),
    ]
    response = staff.post(
        en("entry_add", pk=result.pk),
        {"date": "2026-04-02", "title_fr": "Bassin rempli", "title_en": "Pool filled", "photos": photos,
         "photos_alt": "Le bassin"},
        follow=True,
    )
    assert "followers are told" in response.content.decode()
    entry = TimelineEntry.objects.get()
    assert entry.images.count() == 2 and entry.title_en == "Pool filled"
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_a_timeline_entry_needs_a_title(staff, process):
    result = ResultFactory(process=process)
    response = staff.post(en("entry_add", pk=result.pk), {"date": "2026-04-02"})
    assert response.status_code == 400
    assert not TimelineEntry.objects.exists()


def test_statuses_and_the_roll_up_setting(staff, process):
    response = staff.post(
        en("statuses", slug=process.slug),
        {"name_fr": "Travaux", "name_en": "Works", "key": "works", "progress": "60"},
        follow=True,
    )
    assert "The status has been added." in response.content.decode()
    status = ResultStatus.objects.get(process=process)
    assert (status.name_en, status.progress) == ("Works", 60)
    response = staff.post(en("statuses", slug=process.slug), {"name_fr": "Encore", "key": "works", "progress": "150"})
    assert response.status_code == 400
    staff.post(en("settings", slug=process.slug), {"rollup": Rollup.AVERAGE})
    assert results_settings_for(process.__class__.objects.get(pk=process.pk)).rollup == Rollup.AVERAGE


# --- import ---------------------------------------------------------------------------------------------------


def _import(client, process, upload):
    return client.post(f"/en/backoffice/processes/{process.slug}/import/results/", {"file": upload})


def _csv(text):
    return SimpleUploadedFile("results.csv", text.encode("utf-8"), content_type="text/csv")


def test_csv_import_with_bad_rows_imports_nothing_and_lists_them(staff, process, statuses):
    existing = ResultFactory(process=process, external_id="R-1", progress=0)
    text = (
        "external_id,title_fr,status,progress,start_date,end_date,amount_spent\n"
        "R-1,,works,,2026-01-10,2026-09-30,1200\n"
        "R-2,Nouveau,unknown,,,,\n"
        "R-3,Autre,done,140,,,\n"
        "R-4,,,,,,\n"
        "R-5,Dates,,,2026-05-01,2026-01-01,\n"
    )
    page = _import(staff, process, _csv(text)).content.decode()
    assert "The whole file is refused if any row is bad" in page
    for line, words in ((3, "unknown"), (4, "between 0 and 100"), (5, "A new result needs a title."), (6, "end date")):
        assert words in page, (line, words)
    existing.refresh_from_db()
    assert existing.progress == 0 and existing.status is None
    assert Result.objects.count() == 1


def test_csv_import_updates_and_creates(staff, process, statuses):
    existing = ResultFactory(process=process, external_id="R-1")
    text = (
        "external_id;title_fr;title_en;status;progress;end_date;amount_spent;parent\n"
        "R-1;;;works;;30/09/2026;1 200,50;\n"
        "R-2;Tronçon;Section;done;;;;R-1\n"
    )
    _import(staff, process, _csv(text))
    existing.refresh_from_db()
    assert existing.status == statuses["works"]
    assert existing.end_date == datetime.date(2026, 9, 30) and existing.amount_spent == Decimal("1200.50")
    child = Result.objects.get(external_id="R-2")
    assert child.parent == existing and child.progress == Decimal(100) and child.title_en == "Section"
    existing.refresh_from_db()
    assert existing.progress == Decimal(100)  # rolled up from its only sub-result


def test_xlsx_import_of_progress(staff, process, statuses):
    result = ResultFactory(process=process)
    workbook = Workbook()
    workbook.active.append(["id", "progress"])
    workbook.active.append([result.pk, 45])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _import(staff, process, SimpleUploadedFile("progress.xlsx", buffer.getvalue()))
    result.refresh_from_db()
    assert result.progress == Decimal(45)


def test_delete_a_timeline_entry_and_a_result_rolls_up_its_parent(staff, process):
    parent = ResultFactory(process=process, progress=50)
    done = ResultFactory(process=process, parent=parent, progress=100, cost=1000)
    ResultFactory(process=process, parent=parent, progress=0, cost=1000)
    entry = TimelineEntryFactory(result=done)
    staff.post(en("entry_delete", pk=entry.pk))
    assert not TimelineEntry.objects.exists()
    page = staff.get(en("result_delete", pk=done.pk)).content.decode()
    assert "this cannot be undone" in page
    response = staff.post(en("result_delete", pk=done.pk), follow=True)
    assert "The result has been deleted." in response.content.decode()
    assert not Result.objects.filter(pk=done.pk).exists()
    parent.refresh_from_db()
    assert parent.progress == 0  # its only sub-result left is at 0 %


def test_a_citizen_cannot_delete(client, process):
    result = ResultFactory(process=process)
    client.force_login(UserFactory())
    assert client.post(en("result_delete", pk=result.pk)).status_code == 403
    assert Result.objects.filter(pk=result.pk).exists()


def test_a_commented_result_cannot_be_deleted(staff, process):
    from tests.factories import CommentFactory

    result = ResultFactory(process=process)
    CommentFactory(target=result)
    response = staff.post(en("result_delete", pk=result.pk), follow=True)
    assert "Residents have commented on this result: it cannot be deleted." in response.content.decode()
    assert Result.objects.filter(pk=result.pk).exists()


def test_the_export_comes_back_through_the_import(staff, process, statuses):
    parent = ResultFactory(process=process, external_id="R-1", title="Jardin", status=statuses["works"], progress=60)
    ResultFactory(process=process, external_id="R-2", title="Bacs", parent=parent, progress=60)
    response = staff.get(f"/en/backoffice/processes/{process.slug}/export/results.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,external_id,title_fr,title_en,title_es")
    assert any(",R-2," in line and line.split(",")[-3] == "R-1" for line in lines[1:]), lines
    # The spreadsheet edited: the sub-result is done; imported back, the parent rolls up.
    rows = [line.replace(",60.00,", ",100,") if ",R-2," in line else line for line in lines[1:]]
    edited = "\n".join([lines[0], *rows])
    _import(staff, process, _csv(edited))
    parent.refresh_from_db()
    assert parent.progress == Decimal(100)
