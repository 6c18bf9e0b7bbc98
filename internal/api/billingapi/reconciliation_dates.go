package billingapi

import (
	"time"

	"github.com/glia-dev/glia/internal/reconciliations"
)

// reconciliationDates reads both dates of a reconciliation; problem is Grape's answer when one
// is missing or no date at all. prefix names the element in a bulk request
// ("upcoming_reconciliations[0][", as the validator names an element's fields).
func reconciliationDates(next, alertFrom *string, prefix string) (nextDate, alertDate time.Time, problem *answer) {
	name := func(field string) string {
		if prefix == "" {
			return field
		}
		return prefix + field + "]"
	}
	for _, f := range []struct {
		field string
		value *string
		out   *time.Time
	}{{"next_reconciliation_date", next, &nextDate}, {"display_alert_from", alertFrom, &alertDate}} {
		if f.value == nil {
			p := paramError(name(f.field) + " is missing")
			return time.Time{}, time.Time{}, &p
		}
		parsed, ok := reconciliations.ParseDate(*f.value)
		if !ok {
			p := paramError(name(f.field) + " is invalid")
			return time.Time{}, time.Time{}, &p
		}
		*f.out = parsed
	}
	return nextDate, alertDate, nil
}
