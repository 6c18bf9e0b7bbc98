package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/admin"
	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/store"
)

// adminCommand is one administrative action: its usage line, its own flags, how many positional
// arguments it takes and what it does with an open store.
type adminCommand struct {
	usage string
	flags func(*flag.FlagSet)
	args  int
	run   func(ctx context.Context, st *store.Store, args []string, out io.Writer) error
}

// runAdmin parses "glia <group> <action> …" for one of the command groups below, opens the
// database and runs the action.
func runAdmin(ctx context.Context, group string, commands map[string]adminCommand, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || commands[args[0]].run == nil {
		fmt.Fprintf(stderr, "Usage:\n")
		for _, action := range slices.Sorted(maps.Keys(commands)) {
			fmt.Fprintf(stderr, "  glia %s %s\n", group, commands[action].usage)
		}
		if len(args) == 0 {
			return fmt.Errorf("glia %s needs an action", group)
		}
		if args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
			return config.ErrHelp
		}
		return fmt.Errorf("unknown action %q for glia %s", args[0], group)
	}
	cmd := commands[args[0]]
	name := group + " " + args[0]
	cfg, rest, err := config.ParseCommand(name, "glia "+group+" "+cmd.usage, args[1:], getenv, stderr, cmd.flags)
	if err != nil {
		return err
	}
	if len(rest) != cmd.args {
		return fmt.Errorf("glia %s takes %d argument(s), got %d (usage: glia %s %s)", name, cmd.args, len(rest), group, cmd.usage)
	}
	st, closeDB, err := openDatabase(ctx, cfg, io.Discard)
	if err != nil {
		return err
	}
	defer closeDB()
	return cmd.run(ctx, st, rest, stdout)
}

func userCommands() map[string]adminCommand {
	var u store.NewUser
	return map[string]adminCommand{
		"create": {
			usage: "create --username NAME --email ADDRESS [--name 'Full Name'] [--admin]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&u.Username, "username", "", "username (also the personal namespace's path)")
				fs.StringVar(&u.Email, "email", "", "primary email")
				fs.StringVar(&u.Name, "name", "", "display name (default: the username)")
				fs.BoolVar(&u.Admin, "admin", false, "make the user an administrator")
			},
			run: func(ctx context.Context, st *store.Store, _ []string, out io.Writer) error {
				created, err := admin.CreateUser(ctx, st, u)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "created user %s (id %d)\n", created.Username, created.ID)
				return nil
			},
		},
		"block": {usage: "block USERNAME", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			u, err := admin.BlockUser(ctx, st, args[0])
			if err == nil {
				fmt.Fprintf(out, "blocked user %s (id %d)\n", u.Username, u.ID)
			}
			return err
		}},
		"unblock": {usage: "unblock USERNAME", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			u, err := admin.UnblockUser(ctx, st, args[0])
			if err == nil {
				fmt.Fprintf(out, "unblocked user %s (id %d)\n", u.Username, u.ID)
			}
			return err
		}},
	}
}

func keyCommands() map[string]adminCommand {
	var title string
	return map[string]adminCommand{
		"add": {
			usage: "add USERNAME 'ssh-ed25519 AAAA… comment' [--title TITLE]",
			flags: func(fs *flag.FlagSet) { fs.StringVar(&title, "title", "", "key title (default: the key's comment)") },
			args:  2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				k, err := admin.AddKey(ctx, st, args[0], args[1], title)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "added key %d for %s: SHA256:%s (key_id=%d, authorized_keys line key-%d)\n",
					k.ID, args[0], k.FingerprintSHA256, k.ID, k.ID)
				return nil
			},
		},
		"remove": {usage: "remove KEY_ID", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			id, err := positiveID("key id", args[0])
			if err != nil {
				return err
			}
			if err := admin.RemoveKey(ctx, st, id); err != nil {
				return err
			}
			fmt.Fprintf(out, "removed key %d\n", id)
			return nil
		}},
	}
}

func tokenCommands() map[string]adminCommand {
	var name, scopes, expiresAt string
	return map[string]adminCommand{
		"issue": {
			usage: "issue USERNAME --name NAME --scopes api,read_user [--expires-at YYYY-MM-DD]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&name, "name", "", "token name")
				fs.StringVar(&scopes, "scopes", "", "comma-separated scopes (admin_mode and sudo allowed)")
				fs.StringVar(&expiresAt, "expires-at", "", "expiry date (default: today + 365 days, the maximum)")
			},
			args: 1,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				req := accesstoken.Request{Name: name, Scopes: splitList(scopes), ExpiresAt: expiresAt}
				created, err := admin.IssueToken(ctx, st, args[0], req, time.Now())
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "%s\n# personal access token %d for %s, scopes %s, expires %s; shown once, stored only as a digest\n",
					created.Token, created.ID, args[0], strings.Join(created.Scopes, ","), created.ExpiresAt.Format(time.DateOnly))
				return nil
			},
		},
		"revoke": {usage: "revoke TOKEN_ID", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			id, err := positiveID("token id", args[0])
			if err != nil {
				return err
			}
			if err := admin.RevokeToken(ctx, st, id); err != nil {
				return err
			}
			fmt.Fprintf(out, "revoked personal access token %d\n", id)
			return nil
		}},
	}
}

func twoFactorCommands() map[string]adminCommand {
	var issuer string
	return map[string]adminCommand{
		"enable": {
			usage: "enable USERNAME [--issuer NAME]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&issuer, "issuer", "GitLab", "issuer shown by the authenticator app")
			},
			args: 1,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				uri, err := admin.EnableTwoFactor(ctx, st, args[0], issuer)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "%s\n# two-factor authentication enabled for %s: add this URI to an authenticator app\n", uri, args[0])
				return nil
			},
		},
	}
}

func errorTrackingCommands() map[string]adminCommand {
	return map[string]adminCommand{
		"create": {usage: "create PROJECT_PATH", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			key, enabled, err := admin.CreateErrorTrackingKey(ctx, st, args[0])
			if err != nil {
				return err
			}
			note := ""
			if !enabled {
				note = " (error tracking is disabled for this project: set error_tracking.enabled in its world file)"
			}
			fmt.Fprintf(out, "%s\n# error-tracking client key for %s%s\n", key, args[0], note)
			return nil
		}},
	}
}

// positiveID reads a database id given on the command line.
func positiveID(what, text string) (int64, error) {
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q is not a positive number", what, text)
	}
	return id, nil
}

// splitList reads "a,b, c" as [a b c].
func splitList(text string) []string {
	var out []string
	for part := range strings.SplitSeq(text, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
