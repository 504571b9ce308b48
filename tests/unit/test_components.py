"""Theme components (Jinja macros) rendered on their own, without a build."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"


@pytest.fixture(scope="module")
def env():
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined)


def render(env, component, macro, *args, **kwargs):
    module = env.get_template(f"components/{component}.html").module
    return BeautifulSoup(str(getattr(module, macro)(*args, **kwargs)), "html.parser")


def test_help_block_gives_the_helpline_as_a_tel_link_then_get_help(env):
    soup = render(
        env, "help-block", "help_block", "0808 1000 900", "08081000900", "https://get-help.example/"
    )
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["tel:08081000900", "https://get-help.example/"]
    assert "free and confidential" in soup.get_text()


def test_help_block_heading_level_is_the_callers_choice(env):
    soup = render(env, "help-block", "help_block", "n", "t", "u", heading_level=3)
    assert soup.find("h3") is not None and soup.find("h2") is None


def test_navigation_marks_the_current_page_and_its_section(env):
    items = [("Home", ""), ("Campaigns", "campaigns/"), ("News", "news/")]
    soup = render(env, "navigation", "navigation", items, "campaigns/scotland/", ".")
    current = {a.get_text(): a.get("aria-current") for a in soup.find_all("a")}
    assert current == {"Home": None, "Campaigns": "true", "News": None}
    soup = render(env, "navigation", "navigation", items, "", ".")
    assert soup.find("a", attrs={"aria-current": "page"}).get_text() == "Home"


def test_campaign_list_escapes_text_from_front_matter(env):
    item = {
        "title": "<script>x</script>",
        "url": "campaigns/x/",
        "region": "X",
        "summary": "a & b",
        "launch_date": "June 2017",
        "launch_date_iso": "2017-06",
        "partners": ["P"],
    }
    html = str(render(env, "campaign-list", "campaign_list", [item], ".", show_partners=True))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_figures_table_has_a_caption_and_column_headers(env):
    soup = render(
        env,
        "figures",
        "figures_table",
        [{"number": "586", "text": "t", "source": "s"}],
        caption="C",
    )
    assert soup.caption.get_text() == "C"
    assert [th.get("scope") for th in soup.find_all("th")] == ["col", "col", "col"]
