package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/glia-dev/glia/internal/scim"
	"github.com/glia-dev/glia/internal/store"
)

// Administrative commands for group SAML SSO and SCIM provisioning: a group's SAML provider, its
// SCIM token and the identities its identity provider provisioned.

func samlCommands() map[string]adminCommand {
	var ssoURL, role string
	return map[string]adminCommand{
		"enable": {
			usage: "enable GROUP [--sso-url URL] [--default-role ROLE]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&ssoURL, "sso-url", "", "the identity provider's SSO URL (default: keep the current one)")
				fs.StringVar(&role, "default-role", "", "role of provisioned members: minimal_access, guest, planner, reporter, developer, maintainer or owner (default: keep the current one; guest for a new provider)")
			},
			args: 1,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				g, err := scim.EnableSAML(ctx, st, args[0], ssoURL, role)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "enabled group SAML for %s (default role %s)\n", g.FullPath, scim.RoleName(g.DefaultRole))
				return nil
			},
		},
		"disable": {usage: "disable GROUP", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := scim.DisableSAML(ctx, st, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(out, "disabled group SAML for %s (the SCIM API lists no users until it is enabled again)\n", args[0])
			return nil
		}},
	}
}

func scimTokenCommands() map[string]adminCommand {
	return map[string]adminCommand{
		"create": {usage: "create GROUP", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			token, err := scim.CreateToken(ctx, st, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%s\n# SCIM token of %s for /api/scim/v2/groups/%s; shown once, stored only as a digest; the previous token no longer works\n",
				token, args[0], args[0])
			return nil
		}},
	}
}

// scimCommands is `glia scim identity list GROUP`.
func scimCommands() map[string]adminCommand {
	return map[string]adminCommand{
		"identity": {usage: "identity list GROUP", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if args[0] != "list" {
				return fmt.Errorf("unknown action %q for glia scim identity (usage: glia scim identity list GROUP)", args[0])
			}
			identities, err := scim.Identities(ctx, st, args[1])
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "EXTERN_UID\tUSERNAME\tEMAIL\tACTIVE\tMEMBER")
			for _, i := range identities {
				fmt.Fprintf(w, "%s\t%s\t%s\t%t\t%t\n", i.ExternUid, i.Username, i.Email, i.Active, i.Member)
			}
			return w.Flush()
		}},
	}
}
