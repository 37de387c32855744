"""`rusplan render --style FILE`: the municipality's logo, main colour and footer text in HTML, Word and PDF."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pikepdf
import pypdf
import pytest
from typer.testing import CliRunner

from conftest import PLANS
from rusplan.cli import app
from rusplan.look import LookProblem, contrast_with_white, load_look

runner = CliRunner()
FOOTER = "Molde kommune · Rådhusplassen 1 · 6413 Molde"


def tiny_png(colour: tuple[int, int, int] = (11, 79, 138)) -> bytes:
    """A 2×2 PNG, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(colour) * 2 for _ in range(2))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan repository with a logo and a style file in its `profil/` folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "profil").mkdir()
    (tmp_path / "profil" / "logo.png").write_bytes(tiny_png())
    (tmp_path / "profil" / "stil.yaml").write_text(f'logo: logo.png\ncolour: "#00509e"\nfooter: {FOOTER}\n', encoding="utf-8")
    return tmp_path


def style(repo: Path, text: str) -> Path:
    path = repo / "profil" / "stil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def rendered(tmp_path: Path, fmt: str, style_file: Path, report: str = "status") -> Path:
    target = tmp_path / f"rapport.{fmt}"
    args = ["render", str(PLANS / "molde-2020-2024"), "-r", report, "-f", fmt, "-o", str(target), "--style", str(style_file), "--generated", "2025-01-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


def test_contrast_is_measured_as_wcag_defines_it():
    assert round(contrast_with_white("#000000"), 2) == 21.0
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the lightest grey that passes AA
    assert round(contrast_with_white("#777777"), 2) == 4.48
    assert round(contrast_with_white("#ffcc00"), 2) == 1.51


def test_the_style_file_is_read(repo):
    look = load_look(repo / "profil" / "stil.yaml")
    assert look.colour == "#00509e" and look.footer == FOOTER
    assert look.logo.kind == "png" and look.logo.data_uri.startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('colour: "#ffcc00"\n', "stil.yaml:1:9: hovedfargen #ffcc00 har kontrast 1,51:1 mot hvitt; WCAG 2.1 AA krever minst 4,5:1 for tekst. Velg en mørkere farge."),
        ('colour: "blå"\n', "stil.yaml:1:9: «blå» er ikke en farge."),
        ("logo: ../../hemmelig.png\n", "stil.yaml:1:7: logoen «../../hemmelig.png» ligger utenfor repositoriet"),
        ("logo: finnes-ikke.png\n", "stil.yaml:1:7: logoen «finnes-ikke.png» kan ikke leses: "),
        ("logo: stil.yaml\n", "stil.yaml:1:7: logoen «stil.yaml» er ikke PNG eller JPEG. Lagre den som PNG."),
        ("colour: '#00509e'\nfarge: rød\n", "stil.yaml:2:1: ukjent nøkkel «farge» i stilfilen. Bruk logo, colour, footer."),
        ("footer: [a, b]\n", "stil.yaml:1:9: «footer» må være en tekst."),
        ("colour: [\n", "stil.yaml:2:1: stilfilen kan ikke leses: YAML-feil"),
    ],
)
def test_a_style_that_cannot_be_used_is_refused_naming_the_file_and_line(repo, text, message):
    path = style(repo, text)
    with pytest.raises(LookProblem) as problem:
        load_look(path)
    assert message in problem.value.text()
    assert str(path).endswith("stil.yaml") and problem.value.text().startswith(str(path))


def test_cli_refuses_a_light_colour_in_norwegian_and_english(repo, tmp_path):
    path = style(repo, 'colour: "#ffcc00"\n')
    args = ["render", str(PLANS / "randaberg-2025-2030"), "-f", "html", "-o", str(tmp_path / "x.html"), "--style", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and not (tmp_path / "x.html").exists()
    expected = f"{path}:1:9: hovedfargen #ffcc00 har kontrast 1,51:1 mot hvitt; WCAG 2.1 AA krever minst 4,5:1 for tekst. Velg en mørkere farge."
    assert result.stderr == f"rusplan render: {expected}\n"
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert "has a contrast of 1,51:1 against white; WCAG 2.1 AA requires at least 4,5:1" in english.stderr
    missing = runner.invoke(app, [*args[:-1], str(repo / "borte.yaml")])
    assert missing.exit_code == 2 and missing.stderr == f"rusplan render: Stilfilen «{repo / 'borte.yaml'}» finnes ikke. Rett stien i --style.\n"


def test_html_carries_logo_colour_and_footer(repo, tmp_path):
    page = rendered(tmp_path, "html", repo / "profil" / "stil.yaml").read_text(encoding="utf-8")
    assert ":root { --accent: #00509e; --link: #00509e; }" in page
    assert '<img class="logo" src="data:image/png;base64,' in page and 'alt="Logo: Molde"' in page
    assert f"<p>{FOOTER}</p>" in page


def test_word_carries_logo_colour_and_footer(repo, tmp_path):
    doc = docx.Document(str(rendered(tmp_path, "docx", repo / "profil" / "stil.yaml")))
    assert len(doc.inline_shapes) == 1
    assert str(doc.styles["Heading 1"].font.color.rgb) == "00509E"
    assert FOOTER in doc.sections[0].footer.paragraphs[0].text


def test_pdf_carries_logo_and_footer_and_stays_pdfua(repo, tmp_path):
    path = rendered(tmp_path, "pdf", repo / "profil" / "stil.yaml")
    reader = pypdf.PdfReader(str(path))
    assert FOOTER in reader.pages[0].extract_text() and FOOTER in reader.pages[-1].extract_text()
    with pikepdf.open(path) as pdf:
        assert pdf.pages[0].get_images()  # the logo on the title page
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"


def test_without_a_style_the_reports_keep_their_own_look(tmp_path):
    result = runner.invoke(app, ["render", str(PLANS / "randaberg-2025-2030"), "-f", "html", "--generated", "2025-01-01"])
    assert "--accent: #0b4f8a;" in result.stdout and "<img" not in result.stdout


def test_plan_yaml_names_the_style_file_and_style_on_the_command_line_wins(repo, tmp_path):
    import shutil

    plans = repo / "plans"
    shutil.copytree(PLANS / "randaberg-2025-2030", plans / "randaberg-2025-2030")
    plan_yaml = plans / "randaberg-2025-2030" / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8") + "style: ../../profil/stil.yaml\n", encoding="utf-8")
    args = ["render", str(plans / "randaberg-2025-2030"), "-f", "html", "--generated", "2025-01-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "--accent: #00509e;" in result.stdout and f"<p>{FOOTER}</p>" in result.stdout
    other = repo / "profil" / "annen.yaml"
    other.write_text('colour: "#6b2c91"\n', encoding="utf-8")
    assert "--accent: #6b2c91;" in runner.invoke(app, [*args, "--style", str(other)]).stdout
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("stil.yaml", "borte.yaml"), encoding="utf-8")
    missing = runner.invoke(app, args)
    assert missing.exit_code == 2 and "borte.yaml» finnes ikke" in missing.stderr
    outside = tmp_path.parent / f"{tmp_path.name}-utenfor.yaml"
    outside.write_text('colour: "#00509e"\n', encoding="utf-8")
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("../../profil/borte.yaml", str(outside)), encoding="utf-8")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert refused.stderr == f"rusplan render: Stilfilen «{outside}» i plan.yaml ligger utenfor repositoriet ({repo}). Legg den i repositoriet og vis til den derfra.\n"


def test_roll_forward_keeps_the_plans_style_file(make_plan):
    from rusplan.model import Period
    from rusplan.planfolder import read_plan
    from rusplan.rollforward import roll_forward

    folder = make_plan({"plan.yaml": "id: testby-2020-2024\ntitle: Ruspolitisk handlingsplan 2020–2024\nmunicipalities: [{name: Testby}]\n"
                                     "period: {start: 2020, end: 2024}\nstate: adopted\nfocus_areas: [barn-og-unge]\nstyle: ../profil/stil.yaml\n"})
    forward = roll_forward(read_plan(folder).plan, Period(start=2024, end=2028))
    assert forward.plan.meta.style == "../profil/stil.yaml" and forward.files["plan.yaml"]["style"] == "../profil/stil.yaml"
