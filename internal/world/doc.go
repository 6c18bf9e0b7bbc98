// Package world reads fixture files: YAML documents that declare the world glia's internal API
// serves (users, SSH keys, deploy keys, groups, projects, members, protected refs, agents,
// tokens, group SAML and SCIM, upcoming reconciliations) and checks them into typed values.
// store.ApplyWorld writes those values to the database; this package never touches it, and
// imports nothing of glia's but sshkey and secret.
//
// A fixture file in brief (FORMAT.md documents every key):
//
//	users:
//	  - id: 1                        # ids are optional; pin the ones scripts use
//	    username: root
//	    email: admin@example.com
//	    admin: true
//	    ssh_keys:
//	      - id: 11
//	        key: ssh-ed25519 AAAA… admin@example.com
//	    personal_access_tokens:
//	      - {name: ci, token: glpat-…, scopes: [api]}
//	groups:
//	  - id: 22
//	    full_path: gnuwget
//	    members: [{user: root, access: owner}]
//	projects:
//	  - id: 3
//	    full_path: gnuwget/wget2       # namespace = group full path or username
//	    visibility: public
//	    default_branch: main
//	    protected_branches:
//	      - {name: main, push: [maintainer, deploy_key: deployer]}
//	deploy_keys:
//	  - title: deployer
//	    key: ssh-ed25519 AAAA… deployer
//	    projects: [{project: gnuwget/wget2, can_push: true}]
//	upcoming_reconciliations:
//	  - {namespace: gnuwget, next_reconciliation_date: 2030-06-13, display_alert_from: 2030-06-06}
//
// Rules: unknown keys are errors; references name entities of the same file by natural key
// (username, full path, deploy-key title or id), spelt exactly as declared; tokens appear in
// plaintext and carry GitLab's prefixes (glpat-, glagent-, glsoat-). Parse reports every
// problem, each as "<source>:<line>: <reason>".
package world
