"""The service catalogue (关爱服务清单) as data, and its rule language."""

from projections.catalogue.loader import Catalogue, ServiceItem, load_catalogue
from projections.catalogue.rules import RuleError, add_months, age_on, compile_rule

__all__ = ["Catalogue", "ServiceItem", "load_catalogue", "RuleError", "add_months", "age_on", "compile_rule"]
