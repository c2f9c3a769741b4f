"""Block classes of the import: the platform's own where PyPI has them, declared mirrors if not.

- html, problem, video: xblocks-contrib (the blocks openedx-platform runs, extracted);
- openassessment: ORA2;
- discussion: xblocks-contrib 0.13.1 (the newest release for Python 3.11) ships a skeleton
  without fields, so `DiscussionBlock` declares the fields of the platform's discussion block
  (xblocks-contrib `discussion/discussion.py` in later releases) on the real `LegacyXmlMixin`;
- FUN's video: FUN maps every `<video>` to libcast-xblock (not on PyPI); `FunVideoBlock`
  declares its fields (openfun/libcast-xblock `libcast_xblock.py`, reference/olx.md §9) and is
  parsed by XBlock's own `parse_xml`, as FUN's runtime does.
"""

from __future__ import annotations

from openedx_env import setup

setup()

from xblock.core import XBlock  # noqa: E402
from xblock.fields import UNIQUE_ID, Boolean, Scope, String  # noqa: E402
from xblocks_contrib import HtmlBlock, ProblemBlock, VideoBlock  # noqa: E402
from xblocks_contrib.common.xml_utils import LegacyXmlMixin  # noqa: E402


class DiscussionBlock(LegacyXmlMixin, XBlock):
    """The platform's inline discussion: its fields, nothing else."""

    discussion_id = String(scope=Scope.settings, default=UNIQUE_ID)
    display_name = String(default="Discussion", scope=Scope.settings)
    discussion_category = String(default="Week 1", scope=Scope.settings)
    discussion_target = String(default="Topic-Level Student-Visible Label",
                               scope=Scope.settings)
    sort_key = String(scope=Scope.settings)

    @classmethod
    def definition_from_xml(cls, xml_object, system):
        return {}, []


class FunVideoBlock(XBlock):
    """libcast-xblock, the block FUN runs for every `<video>` tag."""

    display_name = String(default="New video", scope=Scope.settings)
    video_id = String(default="", scope=Scope.settings)
    is_youtube_video = Boolean(default=False, scope=Scope.settings)
    is_bokecc_video = Boolean(default=False, scope=Scope.settings)
    allow_download = Boolean(default=True, scope=Scope.settings)
    adways_id = String(default="", scope=Scope.settings)


def ora_block_class():
    from openassessment.xblock.openassessmentblock import OpenAssessmentBlock

    return OpenAssessmentBlock


def leaf_classes(profile: str) -> dict[str, type]:
    """Block type -> class, as the target platform resolves tags."""
    classes: dict[str, type] = {"html": HtmlBlock, "problem": ProblemBlock, "video": VideoBlock,
                                "discussion": DiscussionBlock,
                                "openassessment": ora_block_class()}
    if profile == "fun":
        classes["video"] = FunVideoBlock
    return classes
