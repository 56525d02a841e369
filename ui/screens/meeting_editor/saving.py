"""The editor's one write path: row versions (issue 13), every edit saved through _write, a refusal
shown and the stored values reloaded."""
from app.domain.errors import StaleEditError
from app.services import meetings
from ui import strings as S
from ui.dialogs import show_error


class SavingMixin:
    """MeetingEditor's writes; `self` is the editor."""

    # --- row versions (issue 13) ------------------------------------------------------------------
    def _see_versions(self, m, keep_meeting: bool = False) -> None:
        """A loaded meeting's versions become the base of the next edits (raised only)."""
        with self._versions_lock:
            if self._opened_id != m.id:
                self._versions.clear()
            for id_, v in ((m.id, m.row_version), *((r.id, r.row_version) for r in m.resolutions)):
                if keep_meeting and id_ == m.id and id_ in self._versions:
                    continue
                if v > self._versions.get(id_, -1):
                    self._versions[id_] = v

    def _version(self, id_: str) -> int | None:
        with self._versions_lock:
            return self._versions.get(id_)

    # --- writes ----------------------------------------------------------------------------------
    def _write(self, fn, reload: bool = True, on_done=None, on_error=None, guard=()):
        """Every edit goes through here: saved now, then the screen shows what was stored."""
        mid = self.meeting.id if self.meeting is not None else None

        def run(s):
            # In the worker, in the write's own transaction: a row this write moved on from the version
            # the screen is based on is based on its new version from now (the next quick edit is this
            # user's own, not stale); a row someone else had changed first stays behind, and is refused.
            before = meetings.row_versions(s, mid) if mid else {}
            result = fn(s)
            if mid:
                after = meetings.row_versions(s, mid)
                with self._versions_lock:
                    for id_, v in after.items():
                        if before.get(id_) == self._versions.get(id_) or id_ not in before:
                            self._versions[id_] = max(v, self._versions.get(id_, -1))
            return result

        def done(changes):
            if on_done:
                on_done(changes)
            if reload:
                self.reload()
        self.runner.write(self, run, done, initiator=self, on_error=on_error or self._refused, guard=guard)

    def _refused(self, exc, typed: str | None = None):
        """A refused write: the reason, then what is really stored. Refused as stale (someone else saved
        first), the message says who changed what and repeats what was typed, and every field shows the
        stored value again."""
        from ui.ops import report_error
        if isinstance(exc, StaleEditError):
            from ui.dialogs import error_text
            text = error_text(exc)
            if typed:
                text += "\n\n" + S.STALE_TYPED.format(value=typed)
            show_error(self, text + "\n\n" + S.STALE_RELOADED)
            self._kept_field = None
            self._force_refresh = True
        else:
            report_error(self, exc)
        self.reload()


    def _selected(self, view):
        rows = view.selectionModel().selectedRows()
        return view.model().row(rows[0].row()) if rows else None


def _with(dto, **fields):
    from dataclasses import replace
    return replace(dto, **fields)
