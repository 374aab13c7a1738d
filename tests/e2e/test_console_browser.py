"""The console in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's chromedriver, against
the API served on a local port, with a real broker and a processor worker behind it. Screenshots of each main page at
phone and desktop widths go to var/screenshots (CHILDCARE_SCREENSHOTS=docs/screenshots refreshes the README's)."""

import os
import shutil
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from devtools.synthetic import events_for, generate_children
from services.adapters.tokens import issue_token
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.settings import Settings

pytestmark = pytest.mark.kafka

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SHOTS = Path(os.environ.get("CHILDCARE_SCREENSHOTS", "var/screenshots"))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
NOTE = "今天入户走访，孩子由奶奶王秀英照顾，电话13812345678，身份证号33010620150301123X。"

if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium and chromium-driver (.ci/run installs them)")
    pytest.skip("no chromium/chromedriver here (apt-get install chromium chromium-driver)", allow_module_level=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def world(kafka_bootstrap, tmp_path_factory):
    """A platform on the real broker with 80 synthetic children processed by a worker, and the API on a port."""
    import uuid

    import uvicorn

    from services.entrypoints.api.app import create_api

    tmp = tmp_path_factory.mktemp("console")
    settings = Settings().with_(bootstrap_servers=kafka_bootstrap, namespace=f"c{uuid.uuid4().hex[:8]}.",
                                database_url=f"sqlite:///{tmp}/s.db", keyring_dir=tmp / "keys",
                                state_dir=tmp / "state", partitions=2, batch_size=200)
    platform = Platform(settings)
    platform.ensure_topics()
    worker = WorkerProcess(settings, tmp / "worker.log").start()
    kids = generate_children(80, platform.pseudonym_secret, seed=21)
    platform.publisher().publish_many([e for c in kids for e in events_for(c, 21)])
    wait_caught_up(platform.store, settings, timeout=240, workers=[worker])
    ctx = platform.api_context()
    app = create_api(ctx)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield {"platform": platform, "app": app, "base": f"http://127.0.0.1:{port}", "worker": worker, "tmp": tmp}
    server.should_exit = True
    thread.join(10)
    worker.stop()
    platform.close()


@pytest.fixture
def browser(world):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN"):
        options.add_argument(arg)
    downloads = world["tmp"] / f"downloads-{time.monotonic_ns()}"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_window_size(*WIDTHS["desktop"])
    driver.downloads = downloads
    yield driver
    driver.quit()


def ledger_child(platform):
    """A ledger child living in the platform's areas, and its county (a director's area)."""
    from services.usecases.access import plain_fields

    for record in platform.store.records():
        area = record.value("residence.area_code")
        in_ledger = plain_fields(record, platform.cipher, ["ledger.in_ledger"]).get("ledger.in_ledger")
        if in_ledger is True and isinstance(area, str) and len(area) >= 6:
            return record.child_key, area[:6]
    raise AssertionError("no ledger child in the synthetic data")


def sign_in(driver, world, role, area, purpose, name=None):
    from selenium.webdriver.common.by import By

    token = issue_token(world["platform"].database, name or f"{role}-e2e", role, area)
    driver.get(world["base"] + "/console/login")
    driver.find_element(By.ID, "token").send_keys(token)
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/console/purpose"))
    driver.find_element(By.CSS_SELECTOR, f"input[name=purpose][value={purpose}]").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "purpose-banner")))
    assert "你正在以" in driver.find_element(By.ID, "purpose-banner").text
    return token


def shoot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, size in WIDTHS.items():
        driver.set_window_size(*size)
        height = driver.execute_script("return document.body.scrollHeight") or size[1]
        driver.set_window_size(size[0], min(max(size[1], height + 120), 3000))
        driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    driver.set_window_size(*WIDTHS["desktop"])


def wait_for(driver, url, condition, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        driver.get(url)
        if condition(driver.page_source):
            return driver.page_source
        assert time.monotonic() < deadline, "the page never showed it"
        time.sleep(1)


def test_a_director_records_a_visit_and_sees_it_redacted_and_compliance_finds_it(world, browser):
    from selenium.webdriver.common.by import By

    platform, base = world["platform"], world["base"]
    key, area = ledger_child(platform)
    sign_in(browser, world, "children_director", area, "key_child_care", name="director-e2e")
    assert "重点儿童关爱" in browser.find_element(By.ID, "purpose-banner").text
    browser.get(base + "/console/ledger")
    assert f"/console/child/{key}" in browser.page_source  # the ledger child is listed
    shoot(browser, "director-ledger")
    browser.get(base + "/console/alerts")
    shoot(browser, "director-alerts")
    browser.get(base + f"/console/child/{key}")
    assert ("本目的不显示的信息类别" in browser.page_source
            and "健康" in browser.find_element(By.ID, "hidden-groups").text)
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=home_visit]").click()
    browser.find_element(By.ID, "note").send_keys(NOTE)
    browser.find_element(By.CSS_SELECTOR, "#visit-form button").click()
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    assert "已提交" in WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.ID, "notice"))).text
    page = wait_for(browser, base + f"/console/child/{key}",
                    lambda html: "入户走访" in html and date.today().isoformat() in html
                    and "f-ledger-last_visit_note" in html and "今天入户走访" in html)
    assert "13812345678" not in page and "33010620150301123X" not in page and "王秀英" not in page
    shoot(browser, "director-child")

    # a director of another township sees none of it
    browser.delete_all_cookies()
    sign_in(browser, world, "children_director", "999999", "key_child_care", name="other-director")
    browser.get(base + f"/console/child/{key}")
    assert "未找到" in browser.page_source and "今天入户走访" not in browser.page_source

    # the compliance officer finds the director's accesses and downloads them as CSV
    browser.delete_all_cookies()
    sign_in(browser, world, "compliance", None, "compliance_review")
    browser.get(base + f"/console/compliance?view=child&child_key={key}")
    assert "director-e2e" in browser.find_element(By.ID, "audit-rows").text
    assert "完整" in browser.find_element(By.ID, "chain").text
    shoot(browser, "compliance")
    browser.find_element(By.ID, "export").click()
    deadline = time.monotonic() + 30
    while not list(browser.downloads.glob("*.csv")) and time.monotonic() < deadline:
        time.sleep(0.3)
    (csv_file,) = list(browser.downloads.glob("*.csv"))
    assert "director-e2e" in csv_file.read_text(encoding="utf-8")


def test_a_form_without_its_csrf_token_is_refused_and_an_idle_session_ends(world, browser):
    from selenium.webdriver.common.by import By

    platform, base = world["platform"], world["base"]
    key, area = ledger_child(platform)
    sign_in(browser, world, "children_director", area, "key_child_care", name="director-csrf")
    browser.get(base + f"/console/child/{key}")
    browser.execute_script("document.querySelector('#visit-form input[name=csrf]').value = 'forged'")
    browser.find_element(By.ID, "note").send_keys("x")
    browser.find_element(By.CSS_SELECTOR, "#visit-form button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(lambda d: "CSRF" in d.page_source)  # the refusal page, once it has loaded
    assert "已提交" not in browser.page_source
    sessions = world["app"].state.console_sessions
    sessions.idle_s = 0.0
    try:
        browser.get(base + "/console/ledger")
        assert browser.current_url.endswith("/console/login") and browser.find_element(By.ID, "token")
    finally:
        sessions.idle_s = 900
    shoot(browser, "login")


def test_a_statistician_sees_suppressed_cells_marked_and_the_operator_sees_health(world, browser):
    from selenium.webdriver.common.by import By

    base = world["base"]
    sign_in(browser, world, "statistician", None, "statistics")
    browser.get(base + "/console/statistics?rows=area&cols=age_band&threshold=5")
    assert browser.find_element(By.CSS_SELECTOR, "#chart svg")
    assert browser.find_elements(By.CSS_SELECTOR, "#stats td.suppressed") or "已抑制" in browser.page_source
    shoot(browser, "statistics")
    browser.delete_all_cookies()
    sign_in(browser, world, "operator", None, "operations")
    browser.get(base + "/console/operator")
    assert browser.find_element(By.ID, "lag") and "审计链" in browser.page_source
    shoot(browser, "operator")


def test_a_caseworker_sees_the_crisis_page_opens_and_shreds_a_report_and_a_grid_worker_files_a_survey(world, browser):
    """Issue 20: the 民政 caseworker's page (危机干预) and the 网格员's 摸排 form, in the browser, over the real
    worker."""
    from datetime import UTC, datetime, timedelta

    from selenium.webdriver.common.by import By

    from events.contracts import harm_reports as hr
    from events.envelope import Envelope
    from services.adapters.tokens import Principal
    from services.usecases import unrecorded_harm as unrecorded

    platform, settings = world["platform"], world["platform"].settings
    key, county = ledger_child(platform)
    at = datetime.now(UTC) - timedelta(days=2)  # 监护侵害 two days ago: 民政's 24 hours have passed
    platform.publisher().publish_many([Envelope.new(hr.SchoolHarmReported(reported_at=at, kind="harm"),
                                                    source="education", child_key=key, occurred_at=at)])
    wait_caught_up(platform.store, settings, timeout=120, workers=[world["worker"]])
    number = "33010620160402123" + "4"  # what a grid worker typed about a child with no record
    report_id = unrecorded.keep(platform.database, platform.keyring, platform.audit_sink(False),
                                Principal("grid-e2e", "grid_worker", county), "harm_report", "e2e",
                                unrecorded.Report("neglect", datetime.now(UTC), "grid_worker", id_number=number),
                                county)

    sign_in(browser, world, "caseworker", county, "crisis_intervention", name="caseworker-e2e")
    assert browser.current_url.endswith("/console/casework")
    cases = browser.find_element(By.ID, "casework-cases").text
    assert key[:11] in cases and "监护侵害" in cases and "危机干预（民政）：逾期" in cases
    assert "危机干预逾期" in browser.find_element(By.ID, "casework-alerts").text
    assert report_id in browser.find_element(By.ID, "unrecorded-reports").text and number not in browser.page_source
    shoot(browser, "caseworker-crisis")
    browser.find_element(By.CSS_SELECTOR, f"form[action$='{report_id}/open'] button").click()
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    opened = WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.ID, "unrecorded-report"))).text
    assert number in opened and "监护不当" in opened
    assert any(r.event.actor == "caseworker-e2e" and r.event.action == "decrypt" and report_id in r.event.detail
               for r in platform.audit_sink(False).records())
    browser.find_element(By.ID, "confirm").click()
    browser.find_element(By.CSS_SELECTOR, "form[action$='/shred'] button").click()
    WebDriverWait(browser, 30).until(lambda d: "报告已销毁" in d.page_source)
    assert report_id not in browser.find_element(By.ID, "unrecorded-reports").text

    browser.delete_all_cookies()
    sign_in(browser, world, "grid_worker", county, "survey", name="grid-e2e")
    assert browser.current_url.endswith("/console/survey") and "查找儿童" not in browser.page_source
    browser.find_element(By.ID, "id_number").send_keys(key)  # a key is accepted as an ID number is
    browser.find_element(By.CSS_SELECTOR, "#result option[value=needs_help]").click()
    browser.find_element(By.ID, "cat_help_request").click()
    shoot(browser, "grid-worker-survey")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "摸排记录已提交" in d.page_source)
    assert "姓名" not in browser.page_source
    deadline = time.monotonic() + 90
    while (record := platform.store.get(key)) is None or record.value("village_survey.surveyor_id") != "grid-e2e":
        assert time.monotonic() < deadline, "the worker never stored the survey record"
        time.sleep(1)
    assert record.value("village_survey.campaign") == f"{county}-2026H2"


def test_the_police_land_on_their_alerts_and_open_the_child_from_one(world, browser):
    """Issue 20: 待办提醒, the page of the roles that receive protection alerts (here the police's late 训诫)."""
    from datetime import UTC, datetime, timedelta

    from selenium.webdriver.common.by import By

    from events.contracts import harm_reports as hr
    from events.envelope import Envelope

    platform, settings = world["platform"], world["platform"].settings
    key, county = ledger_child(platform)
    at = datetime.now(UTC) - timedelta(days=2)  # the police's 24 hours have passed
    platform.publisher().publish_many([Envelope.new(hr.SchoolHarmReported(reported_at=at, kind="neglect"),
                                                    source="education", child_key=key, occurred_at=at)])
    wait_caught_up(platform.store, settings, timeout=120, workers=[world["worker"]])
    sign_in(browser, world, "police", county, "child_protection", name="police-e2e")
    assert browser.current_url.endswith("/console/protection-alerts")
    assert "待办提醒" in browser.find_element(By.TAG_NAME, "nav").text
    alerts = browser.find_element(By.ID, "protection-alerts").text
    assert key[:11] in alerts and "训诫（公安）" in alerts and "已逾期" in alerts
    shoot(browser, "police-alerts")
    browser.find_element(By.CSS_SELECTOR, f"#protection-alerts a[href$='{key}']").click()
    assert browser.find_element(By.ID, "hidden-groups").text.startswith("本目的不显示的信息类别")
    assert any(r.event.actor == "police-e2e" and r.event.action == "deliver" and r.event.child_key == key
               for r in platform.audit_sink(False).records())
