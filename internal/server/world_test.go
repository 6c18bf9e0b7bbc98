package server_test

// testWorld is the little world the server's own tests run against: a user with a key whose
// base64 blob is padded (ECDSA P-256), a signing-only key, and a deploy key.
const testWorld = `
users:
  - id: 7
    username: rubi
    name: Dede Eichmann
    email: rubi@example.com
    ssh_keys:
      - id: 7
        title: rubi@example.com
        key: ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIdTmdjaIVh51pqMO6ZRGQtsFOccwDnWkZ0biZAMiPjkDPMClji/Iy/1qQbMB9+Wymjw5WkanXqEDqz6VyEuM4Q= rubi@test
  - id: 8
    username: signer
    name: Sig Ner
    email: signer@example.com
    ssh_keys:
      - id: 8
        title: signing only
        usage_type: signing
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHw43SxMPPmTJZxgsDu/eI8lC4/8XNOsrq6MapxNpV2x signing8@test
deploy_keys:
  - id: 20
    title: deployer
    user: rubi
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfzSN1VLxXUshm4nxypPyNfpcbkQBmZB6oaf1XGzgJn deploy20@test
`

const (
	rubiKeyBlob    = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIdTmdjaIVh51pqMO6ZRGQtsFOccwDnWkZ0biZAMiPjkDPMClji/Iy/1qQbMB9+Wymjw5WkanXqEDqz6VyEuM4Q="
	signingKeyBlob = "AAAAC3NzaC1lZDI1NTE5AAAAIHw43SxMPPmTJZxgsDu/eI8lC4/8XNOsrq6MapxNpV2x"
	deployKeyBlob  = "AAAAC3NzaC1lZDI1NTE5AAAAIBfzSN1VLxXUshm4nxypPyNfpcbkQBmZB6oaf1XGzgJn"
)

// refused is the body of an always-200 shell endpoint that said no.
func refused(message string) map[string]any {
	return map[string]any{"success": false, "message": message}
}
