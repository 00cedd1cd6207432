"""The suggest forms and the CLI help offer the encounter schema's values (one source, issue 12)."""

from __future__ import annotations

import re


def test_web_form_and_cli_help_offer_every_value_the_encounter_model_accepts(client):
    from typing import get_args

    from teleclaim.cli.main import cli
    from teleclaim.select.encounters import KINDS, Clinician, Discipline

    clinicians = list(get_args(Clinician))
    assert len(clinicians) == 10
    page = client.get("/suggest/virtual_check_in").text
    offered = re.findall(r'<option value="([^"]+)"', page.split('name="clinician"')[1].split("</select>")[0])
    assert offered == clinicians
    page = client.get("/suggest/home_health_visit").text
    offered = re.findall(r'<option value="([^"]+)"', page.split('name="discipline"')[1].split("</select>")[0])
    assert offered == list(get_args(Discipline))
    index = client.get("/suggest").text
    assert all(f'href="/suggest/{k}"' in index for k in KINDS)
    import click

    help_text = cli.get_command(click.Context(cli), "suggest").get_help(click.Context(cli))
    flat = " ".join(help_text.split())
    assert all(c in flat for c in clinicians) and "dietitian, PTA, OTA" in flat
