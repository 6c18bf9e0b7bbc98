package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
)

func TestMinutesShow_PrintsTheNamespacesPacksWhatIsInEffectAndItsLimits(t *testing.T) {
	cli := adminCLIWithWorld(t, `
groups:
  - full_path: acme
`)
	out, err := cli.run("minutes", "show", "acme")
	require.NoError(t, err)
	assert.Equal(t, "acme: 0 purchased minutes in effect (0 in 0 pack(s), expired ones included)\n"+
		"acme: compute-minute quota the instance's default, extra compute minutes none, purchased storage 0 MiB\n", out)

	st := cli.store()
	ns, err := st.BillingNamespaceByRef(t.Context(), "acme")
	require.NoError(t, err)
	_, err = st.AddAdditionalPacks(t.Context(), ns.ID, []store.NewAdditionalPack{
		{PurchaseXID: "current", NumberOfMinutes: 1000, ExpiresAt: time.Now().AddDate(1, 0, 0)},
		{PurchaseXID: "old", NumberOfMinutes: 50, ExpiresAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	})
	require.NoError(t, err)
	out, err = cli.run("minutes", "show", "acme")
	require.NoError(t, err)
	assert.Contains(t, out, "pack old: 50 minutes, expires 2020-01-01\n")
	assert.Contains(t, out, "acme: 1000 purchased minutes in effect (1050 in 2 pack(s), expired ones included)\n")

	ends := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = st.UpdateNamespaceLimits(t.Context(), ns.ID, func(_ *store.NamespaceLimitsTx, _ store.NamespaceLimits) (store.NamespaceLimitsChange, error) {
		quota, extra := int32(10000), int32(500)
		return store.NamespaceLimitsChange{SharedRunnersMinutesLimit: &quota, ExtraSharedRunnersMinutesLimit: &extra,
			AdditionalPurchasedStorageSize: 10240, AdditionalPurchasedStorageEndsOn: &ends}, nil
	})
	require.NoError(t, err)
	out, err = cli.run("minutes", "show", "acme")
	require.NoError(t, err)
	assert.Contains(t, out, "acme: compute-minute quota 10000 minutes, extra compute minutes 500 minutes, purchased storage 10240 MiB until 2030-01-01\n")

	_, err = cli.run("minutes", "show", "nowhere")
	assert.EqualError(t, err, `there is no namespace "nowhere"`)
}
