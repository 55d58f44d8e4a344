"""Money to the øre, the Foranalyse's figures, scenarios and simulation.
Imports ``protocol`` and below."""

from .fees import Instalment
from .member_fees import Fee, fee_for, instalments, partner_fee, split_instalments
from .money import (
    EconomyError,
    PopulationTable,
    apportion,
    kroner,
    region_sjaelland_2023,
    split_by_rule,
    tkr,
)
from .simulation import load_scenario, simulate, sweep

__all__ = [
    "EconomyError",
    "Fee",
    "Instalment",
    "PopulationTable",
    "apportion",
    "fee_for",
    "instalments",
    "kroner",
    "load_scenario",
    "partner_fee",
    "region_sjaelland_2023",
    "simulate",
    "split_by_rule",
    "split_instalments",
    "sweep",
    "tkr",
]
