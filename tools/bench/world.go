package main

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The shape of world.sql, which the requests aim at.
const (
	users         = 100_000
	groups        = 20_000
	projects      = 200_000
	keys          = 1_000_000
	keysPerUser   = keys / users
	slotsPerGroup = 5 // membership slots 0-4 are groups, 5-9 projects

	// Credentials world.sql stores as digests.
	scimToken  = "glsoat-bench-scim-token-000000000000000"
	adminToken = "glpat-bench-admin-token-000000000000000"
	scimGroup  = "group1"
)

//go:embed world.sql
var worldSQL string

// loadWorld fills a freshly migrated database.
func loadWorld(ctx context.Context, conn *pgx.Conn) error {
	script := strings.NewReplacer("{{scim_token_digest}}", digest(scimToken), "{{admin_token_digest}}", digest(adminToken)).Replace(worldSQL)
	_, err := conn.Exec(ctx, script)
	return err
}

func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// keyBlob is key k's OpenSSH wire-format blob, as world.sql builds it: an ed25519 key whose
// 32 bytes are the SHA-256 of the id.
func keyBlob(k int) []byte {
	id := sha256.Sum256([]byte(strconv.Itoa(k)))
	blob := binary.BigEndian.AppendUint32(nil, 11)
	blob = append(blob, "ssh-ed25519"...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	return append(blob, id[:]...)
}

func keyBase64(k int) string { return base64.StdEncoding.EncodeToString(keyBlob(k)) }

// fingerprintOf is key k's SHA256 fingerprint as glia stores it (base64 without padding).
func fingerprintOf(k int) string {
	sum := sha256.Sum256(keyBlob(k))
	return base64.RawStdEncoding.EncodeToString(sum[:])
}

// ownerOfKey is the user key k belongs to.
func ownerOfKey(k int) int { return (k-1)%users + 1 }

// aKeyOf is one of user u's keys.
func aKeyOf(u, n int) int { return u + (n%keysPerUser)*users }

func groupOfProject(p int) int { return (p-1)%groups + 1 }

func projectPath(p int) string { return fmt.Sprintf("group%d/project%d", groupOfProject(p), p) }

// publicProject is whether world.sql made project p public.
func publicProject(p int) bool { return p%2 == 0 && groupOfProject(p)%2 == 0 }

// projectMembership is the project of user u's membership slot s (5-9) and its access level.
func projectMembership(u, s int) (project, level int) {
	return ((5*u+s-5)*13)%projects + 1, []int{10, 20, 30, 40, 50}[s%5]
}
