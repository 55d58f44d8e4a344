"""Money to the øre, the Foranalyse's figures, scenarios and simulation.
Imports ``protocol`` and below."""

from .money import EconomyError, apportion, kroner, region_sjaelland_2023, split_by_rule, tkr
from .simulation import load_scenario, simulate, sweep

__all__ = [
    "EconomyError",
    "apportion",
    "kroner",
    "load_scenario",
    "region_sjaelland_2023",
    "simulate",
    "split_by_rule",
    "sweep",
    "tkr",
]
