package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/glia-dev/glia/internal/minutepacks"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// Administrative commands for the billing API: what CustomersDot has sold a namespace.

func minutesCommands() map[string]adminCommand {
	return map[string]adminCommand{
		"show": {usage: "show NAMESPACE", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			ns, err := st.BillingNamespaceByRef(ctx, args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("there is no namespace %q", args[0])
			} else if err != nil {
				return err
			}
			total, err := minutepacks.Purchased(ctx, st, ns.ID, subscriptions.DateOf(time.Now()))
			if err != nil {
				return err
			}
			for _, p := range total.Packs {
				fmt.Fprintf(out, "pack %s: %d minutes, expires %s\n", p.PurchaseXID, p.NumberOfMinutes, p.ExpiresAt.Format(time.DateOnly))
			}
			fmt.Fprintf(out, "%s: %d purchased minutes in effect (%d in %d pack(s), expired ones included)\n",
				ns.FullPath, total.ActiveMinutes, total.Minutes, len(total.Packs))
			limits, err := st.NamespaceLimits(ctx, ns.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s: %s\n", ns.FullPath, describeLimits(limits))
			return nil
		}},
	}
}

// describeLimits says what the namespace update (PUT …/namespaces/:id) has set on a namespace.
func describeLimits(l store.NamespaceLimits) string {
	quota, extra := "the instance's default", "none"
	if l.SharedRunnersMinutesLimit != nil {
		quota = fmt.Sprintf("%d minutes", *l.SharedRunnersMinutesLimit)
	}
	if l.ExtraSharedRunnersMinutesLimit != nil {
		extra = fmt.Sprintf("%d minutes", *l.ExtraSharedRunnersMinutesLimit)
	}
	storage := fmt.Sprintf("%d MiB", l.AdditionalPurchasedStorageSize)
	if l.AdditionalPurchasedStorageEndsOn != nil {
		storage += " until " + l.AdditionalPurchasedStorageEndsOn.Format(time.DateOnly)
	}
	return "compute-minute quota " + quota + ", extra compute minutes " + extra + ", purchased storage " + storage
}
