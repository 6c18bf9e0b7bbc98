package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

// What each lookup behind /internal/allowed costs, next to a bare round trip (Ping): the
// difference is PostgreSQL's work on the statement. Run with -cpu 1 to read it as latency:
// go run ./internal/testutil/withpostgres -- go test -run '^$' -bench HotLookups -cpu 1 ./internal/store
func BenchmarkHotLookups(b *testing.B) {
	st := pgtest.Store(b)
	w, err := world.Parse([]byte(accessWorld), b.Name())
	require.NoError(b, err)
	require.NoError(b, st.ApplyWorld(b.Context(), w))
	key := int64(31)
	lookups := []struct {
		name string
		run  func() error
	}{
		{"Ping", func() error { return st.Ping(b.Context()) }},
		{"AuthKeyWithOwner", func() error { _, _, err := st.AuthKeyWithOwner(b.Context(), key); return err }},
		{"ProjectByPath", func() error { _, _, err := st.ProjectByPath(b.Context(), "acme/app"); return err }},
		{"ProjectAccessByPath", func() error {
			_, err := st.ProjectAccessByPath(b.Context(), "acme/app", store.Accessor{KeyID: &key})
			return err
		}},
	}
	for _, l := range lookups {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				if err := l.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
