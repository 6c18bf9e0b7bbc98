package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/glia-dev/glia/internal/admin"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// Administrative commands for what Git access reads: protected branches and tags, deploy keys,
// redirect routes and project hooks. Each changes the database as a world file declaring the
// same thing would.

// accessListFlag is a comma-separated access list that knows whether it was given at all, since
// a list left out means maintainers and an empty one means no one.
type accessListFlag struct{ list *admin.AccessList }

func (f accessListFlag) String() string {
	if f.list == nil {
		return ""
	}
	return strings.Join(f.list.Entries, ",")
}

func (f accessListFlag) Set(text string) error {
	*f.list = admin.AccessList{Given: true, Entries: splitList(text)}
	return nil
}

const accessListHelp = "comma-separated roles (no_one, developer, maintainer, admin), user:USERNAME and deploy_key:TITLE; default maintainer, empty for no one"

func protectedBranchCommands() map[string]adminCommand {
	var push, merge, unprotect admin.AccessList
	var allowForcePush bool
	return map[string]adminCommand{
		"add": {
			usage: "add PROJECT BRANCH_OR_PATTERN [--push LIST] [--merge LIST] [--unprotect LIST] [--allow-force-push]",
			flags: func(fs *flag.FlagSet) {
				fs.Var(accessListFlag{&push}, "push", "who may push: "+accessListHelp)
				fs.Var(accessListFlag{&merge}, "merge", "who may merge: "+accessListHelp)
				fs.Var(accessListFlag{&unprotect}, "unprotect", "who may unprotect: "+accessListHelp)
				fs.BoolVar(&allowForcePush, "allow-force-push", false, "allow force pushes to matching branches")
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				if err := admin.ProtectBranch(ctx, st, args[0], args[1], push, merge, unprotect, allowForcePush); err != nil {
					return err
				}
				fmt.Fprintf(out, "protected branch %s of %s\n", args[1], args[0])
				return nil
			},
		},
		"remove": {usage: "remove PROJECT BRANCH_OR_PATTERN", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := admin.UnprotectBranch(ctx, st, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(out, "unprotected branch %s of %s\n", args[1], args[0])
			return nil
		}},
	}
}

func protectedTagCommands() map[string]adminCommand {
	var create admin.AccessList
	return map[string]adminCommand{
		"add": {
			usage: "add PROJECT TAG_OR_PATTERN [--create LIST]",
			flags: func(fs *flag.FlagSet) {
				fs.Var(accessListFlag{&create}, "create", "who may create matching tags: "+accessListHelp)
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				if err := admin.ProtectTag(ctx, st, args[0], args[1], create); err != nil {
					return err
				}
				fmt.Fprintf(out, "protected tag %s of %s\n", args[1], args[0])
				return nil
			},
		},
		"remove": {usage: "remove PROJECT TAG_OR_PATTERN", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := admin.UnprotectTag(ctx, st, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(out, "unprotected tag %s of %s\n", args[1], args[0])
			return nil
		}},
	}
}

func deployKeyCommands() map[string]adminCommand {
	var title string
	var canPush bool
	return map[string]adminCommand{
		"add": {
			usage: "add PROJECT 'ssh-ed25519 AAAA… comment' [--title TITLE] [--can-push]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&title, "title", "", "key title (default: the key's comment); protected-ref lists name deploy keys by title")
				fs.BoolVar(&canPush, "can-push", false, "grant write access to the project")
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				id, err := admin.AddDeployKey(ctx, st, args[0], args[1], title, canPush)
				if err != nil {
					return err
				}
				access := "read-only"
				if canPush {
					access = "read-write"
				}
				fmt.Fprintf(out, "deploy key %d enabled on %s, %s (key_id=%d, authorized_keys line key-%d)\n", id, args[0], access, id, id)
				return nil
			},
		},
		"remove": {usage: "remove PROJECT KEY_ID", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			id, err := positiveID("key id", args[1])
			if err != nil {
				return err
			}
			if err := admin.RemoveDeployKey(ctx, st, args[0], id); err != nil {
				return err
			}
			fmt.Fprintf(out, "deploy key %d disabled on %s\n", id, args[0])
			return nil
		}},
	}
}

func redirectCommands() map[string]adminCommand {
	return map[string]adminCommand{
		"add": {usage: "add OLD_PATH PROJECT", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := admin.AddRedirect(ctx, st, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(out, "%s now leads to %s\n", args[0], args[1])
			return nil
		}},
		"remove": {usage: "remove OLD_PATH", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := admin.RemoveRedirect(ctx, st, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(out, "removed redirect %s\n", args[0])
			return nil
		}},
	}
}

func hookCommands() map[string]adminCommand {
	var h world.Hook
	return map[string]adminCommand{
		"add": {
			usage: "add PROJECT URL [--token TOKEN] [--push-events=false] [--tag-push-events]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&h.Token, "token", "", "secret sent as X-Gitlab-Token")
				fs.BoolVar(&h.PushEvents, "push-events", true, "deliver branch pushes")
				fs.BoolVar(&h.TagPushEvents, "tag-push-events", false, "deliver tag pushes")
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				h.URL = args[1]
				if err := admin.AddHook(ctx, st, args[0], h); err != nil {
					return err
				}
				fmt.Fprintf(out, "hook %s of %s: push events %t, tag push events %t\n", h.URL, args[0], h.PushEvents, h.TagPushEvents)
				return nil
			},
		},
		"remove": {usage: "remove PROJECT URL", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			if err := admin.RemoveHook(ctx, st, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(out, "removed hook %s of %s\n", args[1], args[0])
			return nil
		}},
		"list": {usage: "list PROJECT", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			hooks, err := admin.Hooks(ctx, st, args[0])
			if err != nil {
				return err
			}
			for _, hook := range hooks {
				fmt.Fprintf(out, "%d\t%s\tpush events %t\ttag push events %t\n", hook.ID, hook.URL, hook.PushEvents, hook.TagPushEvents)
			}
			return nil
		}},
	}
}
