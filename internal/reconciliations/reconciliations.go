// Package reconciliations keeps the upcoming quarterly seat reconciliations CustomersDot
// announces, which drive GitLab.com's in-app reconciliation alert (docs/gitlab-rules.md §12.5).
package reconciliations

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/glia-dev/glia/internal/store"
)

// ErrNotFound means the namespace has no upcoming reconciliation.
var ErrNotFound = errors.New("no upcoming reconciliation")

// msgNamespaceBlank is the model's full message for a namespace that does not exist.
const msgNamespaceBlank = "Namespace can't be blank"

// Store is where upcoming reconciliations are kept.
type Store interface {
	ExistingNamespaces(ctx context.Context, ids []int64) ([]int64, error)
	UpsertUpcomingReconciliations(ctx context.Context, rs []store.UpcomingReconciliation) error
	DeleteUpcomingReconciliation(ctx context.Context, namespaceID int64) error
}

// Reconciliation is one namespace's next reconciliation and the day its alert starts.
type Reconciliation = store.UpcomingReconciliation

// RowError is one element of a bulk upsert the model refused: GitLab's
// {"<namespace_id>": [full messages]}.
type RowError map[string][]string

// BulkError is a bulk upsert with refused elements; nothing was saved.
type BulkError struct{ Rows []RowError }

func (e *BulkError) Error() string {
	return strconv.Itoa(len(e.Rows)) + " upcoming reconciliations are invalid"
}

// Upsert creates or replaces the upcoming reconciliation of every namespace in rs, keyed by
// namespace. GitLab saves the valid elements and reports the others; glia saves all or none,
// so a refused bulk request leaves nothing half-applied (*BulkError lists the refused ones).
// When a namespace appears twice the later element wins (GitLab's upsert fails on it).
func Upsert(ctx context.Context, st Store, rs []Reconciliation) error {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.NamespaceID
	}
	existing, err := st.ExistingNamespaces(ctx, ids)
	if err != nil {
		return err
	}
	found := make(map[int64]bool, len(existing))
	for _, id := range existing {
		found[id] = true
	}
	var refused []RowError
	for _, r := range rs {
		if !found[r.NamespaceID] {
			refused = append(refused, RowError{strconv.FormatInt(r.NamespaceID, 10): {msgNamespaceBlank}})
		}
	}
	if refused != nil {
		return &BulkError{Rows: refused}
	}
	return st.UpsertUpcomingReconciliations(ctx, lastPerNamespace(rs))
}

func lastPerNamespace(rs []Reconciliation) []Reconciliation {
	at := make(map[int64]int, len(rs))
	var out []Reconciliation
	for _, r := range rs {
		if i, seen := at[r.NamespaceID]; seen {
			out[i] = r
			continue
		}
		at[r.NamespaceID] = len(out)
		out = append(out, r)
	}
	return out
}

// Delete removes the namespace's upcoming reconciliation; ErrNotFound when it has none.
func Delete(ctx context.Context, st Store, namespaceID int64) error {
	err := st.DeleteUpcomingReconciliation(ctx, namespaceID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// dateLayouts are the date spellings ParseDate understands: ISO forms, and day-month-year and
// month-day-year with the month's name or abbreviation (Go matches names ignoring case).
var dateLayouts = []string{
	time.DateOnly, "20060102", "2006/01/02", time.RFC3339,
	"2 Jan 2006", "2 January 2006", "2-Jan-2006", "2-January-2006", "2 Jan, 2006",
	"Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006",
	"Mon, 2 Jan 2006", "Monday, 2 January 2006",
}

// ParseDate reads a date as leniently as the seed's "13 Jun 2021" needs (GitLab parses it
// with Ruby's Date.parse); false when it is none of the known spellings.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}
