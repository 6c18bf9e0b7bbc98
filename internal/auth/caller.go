package auth

import "context"

// CallerKind says which credential authenticated a request.
type CallerKind string

// The kinds of caller.
const (
	KindNone  CallerKind = ""
	KindShell CallerKind = "shell"
	KindKAS   CallerKind = "kas"
	KindAgent CallerKind = "agent"
	KindAdmin CallerKind = "admin"
	// KindCustomersDot is CustomersDot's own JWT (the billing API).
	KindCustomersDot CallerKind = "customers_dot"
	KindSCIM         CallerKind = "scim"
	// KindErrorTracking is the error-tracking service's token.
	KindErrorTracking CallerKind = "error_tracking"
)

// Caller is who made the request, as far as its credential says.
type Caller struct {
	Kind CallerKind
	// AgentID and AgentProjectID are set for KindAgent.
	AgentID, AgentProjectID int64
	// UserID is set for KindAdmin.
	UserID int64
	// GroupID is set for KindSCIM: the group the token belongs to.
	GroupID int64

	kasVerified bool
}

type callerKey struct{}

// WithCaller returns a context carrying an empty caller for the authenticator to fill in. The
// validator authenticates deep inside kin-openapi, where no new context can be returned, hence a
// holder placed before it.
func WithCaller(ctx context.Context) context.Context {
	return context.WithValue(ctx, callerKey{}, &Caller{})
}

// CallerFrom returns the request's authenticated caller (the zero Caller when there is none).
func CallerFrom(ctx context.Context) Caller {
	if c, ok := ctx.Value(callerKey{}).(*Caller); ok {
		return *c
	}
	return Caller{}
}

func callerHolder(ctx context.Context) *Caller {
	if c, ok := ctx.Value(callerKey{}).(*Caller); ok {
		return c
	}
	return &Caller{} // authenticating without a holder still works; the result is just not kept
}
