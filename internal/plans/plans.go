// Package plans knows GitLab.com's subscription plans: their codes and which licensed features
// each one brings. A project's features come from the plan of its top-level namespace; a
// namespace without a subscription is on the free plan.
package plans

import "slices"

// Plan codes, as CustomersDot sends them (GitLab's plans.name).
const (
	Default                   = "default"
	Free                      = "free"
	Bronze                    = "bronze"
	Silver                    = "silver"
	Premium                   = "premium"
	Gold                      = "gold"
	Ultimate                  = "ultimate"
	UltimateTrial             = "ultimate_trial"
	UltimateTrialPaidCustomer = "ultimate_trial_paid_customer"
	PremiumTrial              = "premium_trial"
	OpenSource                = "opensource"
	EarlyAdopter              = "early_adopter"
)

// Codes lists every plan code GitLab knows, in GitLab's order.
var Codes = []string{
	Default, Free, Bronze, Silver, Premium, Gold, Ultimate, UltimateTrial,
	UltimateTrialPaidCustomer, PremiumTrial, OpenSource, EarlyAdopter,
}

// Known reports whether code names a plan.
func Known(code string) bool { return slices.Contains(Codes, code) }

// Feature is a licensed feature that glia checks.
type Feature string

// The licensed features glia's endpoints depend on; both are Ultimate features.
const (
	// SecurityOrchestrationPolicies gates the scan execution policies the agent reads.
	SecurityOrchestrationPolicies Feature = "security_orchestration_policies"
	// SecurityDashboard gates vulnerability management (admin_vulnerability).
	SecurityDashboard Feature = "security_dashboard"
)

// ultimatePlans are the plans that carry Ultimate's features: Ultimate itself, its trials,
// its predecessor Gold, and the open-source program's plan.
var ultimatePlans = []string{Gold, Ultimate, UltimateTrial, UltimateTrialPaidCustomer, OpenSource}

// Licensed reports whether a namespace on plan code ("" for none, which is free) has feature.
func Licensed(code string, feature Feature) bool {
	switch feature {
	case SecurityOrchestrationPolicies, SecurityDashboard:
		return slices.Contains(ultimatePlans, code)
	}
	return false
}

// titles are the plans' display names on GitLab.com (plans.title), which the billing API
// answers as plan.name.
var titles = map[string]string{
	Default:                   "Default",
	Free:                      "Free",
	Bronze:                    "Bronze",
	Silver:                    "Premium (Formerly Silver)",
	Premium:                   "Premium",
	Gold:                      "Ultimate (Formerly Gold)",
	Ultimate:                  "Ultimate",
	UltimateTrial:             "Ultimate Trial",
	UltimateTrialPaidCustomer: "Ultimate Trial for Premium Customers",
	PremiumTrial:              "Premium Trial",
	OpenSource:                "Open Source Program",
	EarlyAdopter:              "Early Adopter",
}

// Title is the display name of a known plan code.
func Title(code string) string { return titles[code] }

// paidHosted are GitLab's PAID_HOSTED_PLANS: every plan CustomersDot sells, trials included.
var paidHosted = []string{Bronze, Silver, Premium, Gold, Ultimate, UltimateTrial, UltimateTrialPaidCustomer, PremiumTrial, OpenSource}

// PaidHosted reports whether code is a paid (or trial of a paid) GitLab.com plan.
func PaidHosted(code string) bool { return slices.Contains(paidHosted, code) }

// Top reports whether code is a plan nothing can be upgraded from (GitLab's TOP_PLANS).
func Top(code string) bool { return code == Gold || code == Ultimate || code == OpenSource }

// ExcludesGuests reports whether a group on plan code bills no seat for guests (Ultimate and
// its trial; personal namespaces never exclude them).
func ExcludesGuests(code string) bool {
	return code == Gold || code == Ultimate || code == UltimateTrial
}
