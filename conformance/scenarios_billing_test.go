package conformance_test

// billingScenarios drive the billing API as CustomersDot does (its JWT on the current paths,
// an administrator's token on the seed's), over the demo world's namespaces.
func billingScenarios() []scenario {
	const (
		current = "/api/v4/internal/gitlab_subscriptions/namespaces/"
		seed    = "/api/v4/namespaces/"
		pack    = `{"packs":[{"number_of_minutes":10000,"expires_at":"2030-01-01","purchase_xid":"conformance-pack-1"}]}`
	)
	return []scenario{
		{"CustomersDot creates a subscription", "createSubscription", success, customersDot, "POST", current + "129/gitlab_subscription", jsonType,
			`{"start_date":"2026-01-01","end_date":"2027-01-01","plan_code":"premium","seats":10}`, 201},
		{"a second subscription for a namespace is refused", "createSubscription", otherOutcome, customersDot, "POST", current + "129/gitlab_subscription", jsonType,
			`{"start_date":"2026-01-01"}`, 400},
		{"a subscription without start_date is a parameter error", "createSubscription", invalidInput, customersDot, "POST", current + "127/gitlab_subscription", jsonType, `{"seats":1}`, 400},
		{"a subscription of an unknown namespace is not found", "createSubscription", otherOutcome, customersDot, "POST", current + "no-such-group/gitlab_subscription", jsonType, `{"start_date":"2026-01-01"}`, 404},
		{"CustomersDot reads a subscription", "getSubscription", success, customersDot, "GET", current + "129/gitlab_subscription", "", "", 200},
		{"reading an unknown namespace's subscription is not found", "getSubscription", otherOutcome, customersDot, "GET", current + "999999/gitlab_subscription", "", "", 404},
		{"CustomersDot renews a subscription", "updateSubscription", success, customersDot, "PUT", current + "129/gitlab_subscription", jsonType,
			`{"start_date":"2027-01-01","end_date":"2028-01-01","seats":12}`, 200},
		{"negative seats are a parameter error", "updateSubscription", invalidInput, customersDot, "PUT", current + "129/gitlab_subscription", jsonType, `{"seats":-1}`, 400},
		{"updating a namespace without a subscription is not found", "updateSubscription", otherOutcome, customersDot, "PUT", current + "127/gitlab_subscription", jsonType, `{"seats":1}`, 404},

		{"the seed's POST with its parameters in the query string", "createNamespaceSubscription", success, billingAdmin, "POST", seed + "1234/gitlab_subscription?start_date=2020-07-15&plan=premium&seats=10", "", "", 201},
		{"the seed's POST with a date that does not exist", "createNamespaceSubscription", invalidInput, billingAdmin, "POST", seed + "123/gitlab_subscription?start_date=2021-02-30", "", "", 400},
		{"the seed's POST for an unknown namespace", "createNamespaceSubscription", otherOutcome, billingAdmin, "POST", seed + "999999/gitlab_subscription?start_date=2021-02-01", "", "", 404},
		{"the seed's PUT", "updateNamespaceSubscription", success, billingAdmin, "PUT", seed + "1234/gitlab_subscription?max_seats_used=0", "", "", 200},
		{"the seed's PUT with seats that are no number", "updateNamespaceSubscription", invalidInput, billingAdmin, "PUT", seed + "1234/gitlab_subscription?seats=many", "", "", 400},
		{"the seed's PUT of a namespace without a subscription", "updateNamespaceSubscription", otherOutcome, billingAdmin, "PUT", seed + "321/gitlab_subscription?seats=1", "", "", 404},
		{"the seed's GET", "getNamespaceSubscription", success, billingAdmin, "GET", seed + "1234/gitlab_subscription", "", "", 200},
		{"the seed's GET of an unknown namespace", "getNamespaceSubscription", otherOutcome, billingAdmin, "GET", seed + "999999/gitlab_subscription", "", "", 404},

		{"CustomersDot applies purchased minutes, storage and a subscription to a namespace", "updateSubscriptionNamespace", success, customersDot, "PUT", current + "123", jsonType,
			`{"shared_runners_minutes_limit":10000,"extra_shared_runners_minutes_limit":1000,"additional_purchased_storage_size":10240,"additional_purchased_storage_ends_on":"2030-01-01","gitlab_subscription_attributes":{"plan_code":"premium","seats":5,"start_date":"2026-01-01","end_date":"2027-01-01"}}`, 200},
		{"negative extra minutes are a parameter error", "updateSubscriptionNamespace", invalidInput, customersDot, "PUT", current + "123", jsonType, `{"extra_shared_runners_minutes_limit":-1}`, 400},
		{"a subgroup has no compute-minute quota of its own", "updateSubscriptionNamespace", otherOutcome, customersDot, "PUT", current + "gnuwget%2Finfrastructure", jsonType, `{"shared_runners_minutes_limit":100}`, 400},
		{"updating an unknown namespace is not found", "updateSubscriptionNamespace", otherOutcome, customersDot, "PUT", current + "999999", jsonType, `{"extra_shared_runners_minutes_limit":1}`, 404},
		{"CustomersDot reads a namespace with its purchased limits", "getSubscriptionNamespace", success, customersDot, "GET", current + "123", "", "", 200},
		{"reading an unknown namespace is not found", "getSubscriptionNamespace", otherOutcome, customersDot, "GET", current + "999999", "", "", 404},
		{"the seed's namespace update in a Rails form body", "updateNamespace", success, billingAdmin, "PUT", seed + "321", formType,
			"extra_shared_runners_minutes_limit=500&gitlab_subscription_attributes[seats]=3&gitlab_subscription_attributes[start_date]=2026-02-01", 200},
		{"the seed's namespace update with storage that is no number", "updateNamespace", invalidInput, billingAdmin, "PUT", seed + "321?additional_purchased_storage_size=lots", "", "", 400},
		{"the seed's namespace update of purchased storage on a subgroup", "updateNamespace", otherOutcome, billingAdmin, "PUT", seed + "gnuwget%2Finfrastructure", jsonType, `{"additional_purchased_storage_size":100}`, 400},
		{"the seed's namespace update of an unknown namespace", "updateNamespace", otherOutcome, billingAdmin, "PUT", seed + "999999", jsonType, `{"extra_shared_runners_minutes_limit":1}`, 404},

		{"CustomersDot records purchased packs", "createMinutePacks", success, customersDot, "POST", current + "123/minutes", jsonType, pack, 201},
		{"packs without packs are a parameter error", "createMinutePacks", invalidInput, customersDot, "POST", current + "123/minutes", jsonType, `{}`, 400},
		{"a purchase recorded for another namespace saves nothing", "createMinutePacks", otherOutcome, customersDot, "POST", current + "321/minutes", jsonType, pack, 400},
		{"packs for an unknown namespace are not found", "createMinutePacks", otherOutcome, customersDot, "POST", current + "999999/minutes", jsonType, pack, 404},
		{"the seed's packs in a Rails form body", "createNamespaceMinutePacks", success, billingAdmin, "POST", seed + "123/minutes", formType,
			"packs[0][number_of_minutes]=10000&packs[0][expires_at]=2022-01-01&packs[0][purchase_xid]=46952fe69bebc1a4de10b2b4ff439d0c", 201},
		{"the seed's packs with a field missing", "createNamespaceMinutePacks", invalidInput, billingAdmin, "POST", seed + "123/minutes", jsonType,
			`{"packs":[{"number_of_minutes":1,"expires_at":"2030-01-01"}]}`, 400},
		{"the seed's packs for an unknown namespace", "createNamespaceMinutePacks", otherOutcome, billingAdmin, "POST", seed + "999999/minutes", jsonType, pack, 404},

		{"CustomersDot moves packs between namespaces of one owner", "moveMinutePacks", success, customersDot, "PATCH", current + "123/minutes/move/321", "", "", 202},
		{"a move to a namespace of another owner is refused", "moveMinutePacks", otherOutcome, customersDot, "PATCH", current + "321/minutes/move/aquila", "", "", 400},
		{"a move to an unknown namespace is not found", "moveMinutePacks", otherOutcome, customersDot, "PATCH", current + "321/minutes/move/999999", "", "", 404},
		{"the seed's move", "moveNamespaceMinutePacks", success, billingAdmin, "PATCH", seed + "321/minutes/move/123", "", "", 202},
		{"the seed's move out of a subgroup is refused", "moveNamespaceMinutePacks", otherOutcome, billingAdmin, "PATCH", seed + "gnuwget%2Finfrastructure/minutes/move/123", "", "", 400},
		{"the seed's move from an unknown namespace", "moveNamespaceMinutePacks", otherOutcome, billingAdmin, "PATCH", seed + "999999/minutes/move/123", "", "", 404},

		{"the seed's bulk reconciliations", "updateUpcomingReconciliations", success, billingAdmin, "PUT", "/api/v4/internal/upcoming_reconciliations", jsonType,
			`{"upcoming_reconciliations":[{"namespace_id":127,"next_reconciliation_date":"13 Jun 2021","display_alert_from":"06 Jun 2021"},{"namespace_id":129,"next_reconciliation_date":"12 Jun 2021","display_alert_from":"05 Jun 2021"}]}`, 200},
		{"bulk reconciliations without the list are a parameter error", "updateUpcomingReconciliations", invalidInput, billingAdmin, "PUT", "/api/v4/internal/upcoming_reconciliations", jsonType, `{}`, 400},
		{"bulk reconciliations naming an unknown namespace save nothing", "updateUpcomingReconciliations", otherOutcome, billingAdmin, "PUT", "/api/v4/internal/upcoming_reconciliations", jsonType,
			`{"upcoming_reconciliations":[{"namespace_id":999999,"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}]}`, 400},
		{"the seed's reconciliation delete", "deleteUpcomingReconciliation", success, billingAdmin, "DELETE", "/api/v4/internal/upcoming_reconciliations?namespace_id=22", "", "", 204},
		{"a reconciliation delete with a namespace_id that is no number", "deleteUpcomingReconciliation", invalidInput, billingAdmin, "DELETE", "/api/v4/internal/upcoming_reconciliations?namespace_id=abc", "", "", 400},
		{"deleting a reconciliation that is gone is not found", "deleteUpcomingReconciliation", otherOutcome, billingAdmin, "DELETE", "/api/v4/internal/upcoming_reconciliations?namespace_id=22", "", "", 404},

		{"CustomersDot sets one namespace's reconciliation", "updateNamespaceUpcomingReconciliation", success, customersDot, "PUT", current + "127/upcoming_reconciliations", jsonType,
			`{"next_reconciliation_date":"2026-06-13","display_alert_from":"2026-06-06"}`, 200},
		{"a reconciliation without its dates is a parameter error", "updateNamespaceUpcomingReconciliation", invalidInput, customersDot, "PUT", current + "127/upcoming_reconciliations", jsonType, `{}`, 400},
		{"a reconciliation of an unknown namespace is not found", "updateNamespaceUpcomingReconciliation", otherOutcome, customersDot, "PUT", current + "999999/upcoming_reconciliations", jsonType,
			`{"next_reconciliation_date":"2026-06-13","display_alert_from":"2026-06-06"}`, 404},
		{"CustomersDot deletes one namespace's reconciliation", "deleteNamespaceUpcomingReconciliation", success, customersDot, "DELETE", current + "127/upcoming_reconciliations", "", "", 204},
		{"a reconciliation delete of a namespace_id that is no number", "deleteNamespaceUpcomingReconciliation", invalidInput, customersDot, "DELETE", current + "abc/upcoming_reconciliations", "", "", 400},
		{"deleting one namespace's reconciliation that is gone is not found", "deleteNamespaceUpcomingReconciliation", otherOutcome, customersDot, "DELETE", current + "127/upcoming_reconciliations", "", "", 404},
	}
}
