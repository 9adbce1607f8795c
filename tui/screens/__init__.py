"""The review app's screens: Claims, Flags, Article, Sources, Entities, and small dialogs."""

from tui.screens.article import ArticleScreen
from tui.screens.claims import ClaimsScreen
from tui.screens.entities import EntitiesScreen
from tui.screens.flags import FlagsScreen
from tui.screens.sources import SourcesScreen

__all__ = ["ArticleScreen", "ClaimsScreen", "EntitiesScreen", "FlagsScreen", "SourcesScreen"]
