"""Rules as data: the shipped files, a user's rules (--rules FILE, [tool.provaudit]), the
digest in the report, and the rules carried to every worker and engine."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provaudit import ruleset
from provaudit.audit import Options, corpus_report
from provaudit.cli import cli
from provaudit.engine import MIN_ITEMS_FOR_PROCESSES, make_engine
from provaudit.errors import RulesError
from provaudit.report import render_all
from provaudit.rules import align as align_rules

from conftest import CORPUS, dask_scheduler, mixed_corpus, readme_section

# Changes what the map computes (the passage index's shingles, made per source in the
# workers) and what the join finds (shorter reused passages).
USER_RULES = """\
[align]
shingle-words = 4
reuse-min-words = 10
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_rules_are_the_defaults_and_load_fast() -> None:
    rules = ruleset.defaults()
    assert set(rules.sections) == set(ruleset.SECTIONS)
    assert rules.sections["align"]["shingle-words"] == align_rules.current().SHINGLE_WORDS
    assert align_rules.SHINGLE_WORDS == align_rules.current().SHINGLE_WORDS
    # Without a user's file the rules are the defaults, digest and all.
    assert ruleset.load_rules(None, None) is rules
    assert len(rules.digest) == 64


def test_the_shipped_rules_are_cached_as_json_and_parsed_when_the_cache_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    parsed = ruleset._shipped_sections()
    (cached,) = (tmp_path / "cache").glob("rules-*.json")
    assert json.loads(cached.read_text(encoding="utf-8")) == parsed
    assert ruleset.Rules(parsed).digest == ruleset.defaults().digest
    cached.write_text("{not json", encoding="utf-8")
    assert ruleset._shipped_sections() == parsed  # parsed again, and the cache rewritten
    assert json.loads(cached.read_text(encoding="utf-8")) == parsed
    monkeypatch.setenv("PROVAUDIT_CACHE_DIR", "/proc/no-such-cache")  # cannot be written
    assert ruleset._shipped_sections() == parsed


def test_user_rules_override_and_extend(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "rules.toml",
        '[align]\nlink-min-similarity = 1\nextend-articles = ["el", "the"]\n',
    )
    rules = ruleset.load_rules(path)
    with ruleset.using(rules):
        view = align_rules.current()
    assert view.LINK_MIN_SIMILARITY == 1.0  # an integer where a number is due
    assert {"a", "an", "the", "el"} == view.ARTICLES
    assert rules.digest != ruleset.defaults().digest
    assert rules.files == (str(path),)
    # The digest is of the rules, not of the file they came from.
    other = _write(tmp_path / "b.toml", '[align]\narticles = ["a", "an", "the", "el"]\n')
    assert ruleset.load_rules(other).sections["align"]["articles"] == ["a", "an", "the", "el"]
    assert (
        ruleset.load_rules(other).sections["align"]["articles"]
        == rules.sections["align"]["articles"]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[align]\nno-such-rule = 1\n", "unknown rule 'align.no-such-rule'"),
        ("[nowhere]\nx = 1\n", "unknown rules section 'nowhere'"),
        ('[align]\nshingle-words = "five"\n', "'align.shingle-words' must be an integer"),
        ("[align]\narticles = [1]\n", "'align.articles[0]' must be a string"),
        ("[align]\nextend-shingle-words = 1\n", "only a list or a table can be extended"),
        ("[align\n", "is not valid TOML"),
        ("[offtopic]\nlead-words = 60\n", "'offtopic' cannot be changed: the boilerplate model"),
        (
            "[provenance]\nextend-machine-written-cues = ['ok', 'napisan(o przez AI']\n",
            "'provenance.extend-machine-written-cues[1]' is not a regular expression",
        ),
    ],
)
def test_bad_rules_are_one_line_errors_naming_file_and_key(
    tmp_path: Path, runner: CliRunner, text: str, message: str
) -> None:
    path = _write(tmp_path / "bad.toml", text)
    with pytest.raises(RulesError, match=re.escape(message)) as caught:
        ruleset.load_rules(path)
    assert caught.value.subject == str(path)
    result = runner.invoke(
        cli, ["report", str(CORPUS), "-o", str(tmp_path / "out"), "--rules", str(path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: {path}: {caught.value.message}"]
    assert not (tmp_path / "out").exists()


# A Polish self-declaration, which the shipped cues do not know, under a disclosure heading (a
# machine-written cue counts only where the text speaks about the piece itself).
POLISH = (
    "Rząd ogłosił w poniedziałek nowy plan budowy dróg w trzech województwach.\n\n"
    "Disclosure\n\n"
    "Ten artykuł został wygenerowany przez sztuczną inteligencję na podstawie depesz agencyjnych."
    " Redakcja nie sprawdzała go przed publikacją."
)


def test_a_users_cue_finds_a_self_declaration_the_shipped_cues_miss(tmp_path: Path) -> None:
    from provaudit import api

    def declared(rules: ruleset.Rules | None) -> list[str]:
        report = api.audit_text(POLISH, "pl.txt", rules=rules)
        source = report.to_json()["sources"][0]
        return [d["kind"] for d in source["disclosures"]]

    path = _write(
        tmp_path / "pl.toml",
        "[provenance]\nextend-machine-written-cues = ['wygenerowan\\w* przez sztuczną "
        "inteligencję']\n",
    )
    assert declared(None) == []
    assert declared(ruleset.load_rules(path)) == ["machine-written"]


def test_self_declaration_cues_match_at_a_word_start_unless_cjk() -> None:
    from provaudit.provenance import cue_pattern
    from provaudit.rules import provenance as provenance_rules

    start = provenance_rules.WORD_START
    assert cue_pattern("machine[- ]translated") == start + "machine[- ]translated"
    assert cue_pattern("机器翻译|机翻") == "机器翻译|机翻"
    assert cue_pattern("(?:由|经)?AI生成") == "(?:由|经)?AI生成"
    # Inside a word the cue does not match ("Thai-generated"); at a word start it does.
    cue = cue_pattern("ai[- ]generated")
    assert re.search(cue, "a Thai-generated list", re.I) is None
    assert re.search("ai[- ]generated", "a Thai-generated list", re.I) is not None
    assert re.search(cue, "an AI-generated list", re.I) is not None


def test_pyproject_next_to_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "project" / "corpus"
    corpus.mkdir(parents=True)
    assert ruleset.load_rules(None, corpus) is ruleset.defaults()
    # In the parent: a project's pyproject.toml beside its corpus folder.
    parent = _write(
        tmp_path / "project" / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.provaudit.align]\nreuse-min-words = 10\n',
    )
    assert ruleset.load_rules(None, corpus).sections["align"]["reuse-min-words"] == 10
    # In the corpus folder itself: that one, not the parent's.
    _write(corpus / "pyproject.toml", "[tool.provaudit.align]\nreuse-min-words = 12\n")
    rules = ruleset.load_rules(None, corpus)
    assert rules.sections["align"]["reuse-min-words"] == 12
    # --rules FILE comes last.
    last = _write(tmp_path / "last.toml", "[align]\nreuse-min-words = 14\n")
    both = ruleset.load_rules(last, corpus)
    assert both.sections["align"]["reuse-min-words"] == 14
    assert both.files == (str(corpus / "pyproject.toml"), str(last))
    _write(parent, "[tool.provaudit]\nalign = 3\n")
    (corpus / "pyproject.toml").unlink()
    with pytest.raises(RulesError, match=r"'tool\.provaudit\.align' must be a table"):
        ruleset.load_rules(None, corpus)


def _active_digest(_: int) -> str:
    return ruleset.active().digest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mixed_corpus(
        tmp_path_factory.mktemp("rules") / "corpus", extra=MIN_ITEMS_FOR_PROCESSES + 4
    )


@pytest.fixture(scope="module")
def user_rules(tmp_path_factory: pytest.TempPathFactory) -> ruleset.Rules:
    return ruleset.load_rules(_write(tmp_path_factory.mktemp("user") / "rules.toml", USER_RULES))


def test_worker_processes_run_under_the_runs_rules(user_rules: ruleset.Rules) -> None:
    count = MIN_ITEMS_FOR_PROCESSES * 2
    engine = make_engine("local", 2, rules=user_rules)
    try:
        assert set(engine.map(_active_digest, range(count), count=count)) == {user_rules.digest}
    finally:
        engine.close()


def test_jobs_and_dask_give_the_same_report_under_a_user_rule(
    corpus: Path, user_rules: ruleset.Rules
) -> None:
    default = render_all(corpus_report(corpus, Options(jobs=1)))
    one = render_all(corpus_report(corpus, Options(jobs=1, rules=user_rules)))
    two = render_all(corpus_report(corpus, Options(jobs=2, rules=user_rules)))
    with dask_scheduler() as scheduler:
        options = Options(engine="dask", scheduler=scheduler, rules=user_rules)
        dask = render_all(corpus_report(corpus, options))
        engine = make_engine("dask", scheduler=scheduler, rules=user_rules)
        try:
            assert set(engine.map(_active_digest, range(4))) == {user_rules.digest}
        finally:
            engine.close()
    assert one == two == dask
    assert one["corpus.json"] != default["corpus.json"]
    made, before = (json.loads(r["corpus.json"]) for r in (one, default))
    assert made["tool"]["rules"] == user_rules.digest
    assert before["tool"]["rules"] == ruleset.defaults().digest
    assert len(made["reused_passages"]) > len(before["reused_passages"])


def test_validate_says_reports_made_with_other_rules_are_stale(
    corpus: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "reports"
    rules = _write(tmp_path / "rules.toml", USER_RULES)
    made = runner.invoke(cli, ["report", str(corpus), "-o", str(out), "-q", "--jobs", "1"])
    assert made.exit_code == 0, made.output
    same = runner.invoke(cli, ["validate", str(corpus), "--reports", str(out), "--jobs", "1"])
    assert same.exit_code == 0, same.output
    other = runner.invoke(
        cli,
        ["validate", str(corpus), "--reports", str(out), "--jobs", "1", "--rules", str(rules)],
    )
    assert other.exit_code == 1
    digest = ruleset.load_rules(rules).digest
    assert (
        f"made with other rules (rules {ruleset.defaults().digest[:12]}, now rules {digest[:12]})"
        in other.output
    )


def test_readme_rules_example_runs_and_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = readme_section("Rules")
    toml = re.search(r"```toml\n(.+?)```", section, flags=re.DOTALL)
    code = re.search(r"```python\n(.+?)```", section, flags=re.DOTALL)
    shown = re.search(r"```text\n(.+?)```", section, flags=re.DOTALL)
    assert toml is not None
    assert code is not None
    assert shown is not None
    shutil.copytree(CORPUS, tmp_path / "corpus")
    _write(tmp_path / "rules.toml", toml.group(1))
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue() == shown.group(1)
