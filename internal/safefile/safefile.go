// Package safefile reads and writes glia's own files (the data directory, generated secrets,
// demo.json) so that another local user can neither plant what glia reads nor redirect what it
// writes. The rules:
//
//   - a directory glia writes into, and a file it reads a secret from, must be owned by the user
//     glia runs as (or by root) and must not be writable by its group or by everyone; a symbolic
//     link on the way in must be owned by one of them too;
//   - glia writes a file by creating a temporary file beside it, writing and syncing it, making it
//     mode 0600 and then renaming it over the target: a link planted at the target is replaced,
//     never followed.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// UnsafeError says why glia refuses a file or directory. Its text is one line beginning with
// the path: "/tmp/glia-0 is owned by nobody (uid 65534), not by root (uid 0), the user glia runs as".
type UnsafeError struct {
	Path   string
	Reason string
}

func (e *UnsafeError) Error() string { return e.Path + " " + e.Reason }

// DirMode is the mode glia creates its directories with: private to its user, except that when
// glia runs as root the unprivileged user PostgreSQL runs as may pass through (not list it).
func DirMode() os.FileMode {
	if os.Geteuid() == 0 {
		return 0o711
	}
	return 0o700
}

// MkdirAll creates dir (and its missing parents) with DirMode when it does not exist, and
// checks that it is safe to write into (CheckDir).
func MkdirAll(dir string) error {
	if err := os.MkdirAll(dir, DirMode()); err != nil {
		return err
	}
	return CheckDir(dir)
}

// CheckDir returns an *UnsafeError unless dir is a directory owned by glia's user or root that
// neither its group nor everyone may write to.
func CheckDir(dir string) error {
	if err := checkLink(dir); err != nil {
		return err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return &UnsafeError{Path: dir, Reason: "is not a directory"}
	}
	return checkOwnerAndMode(dir, info)
}

// ReadFile reads a file someone may have prepared for glia (a secret), after checking it the
// way CheckDir checks directories: owned by glia's user or root, writable by nobody else, and a
// regular file. A missing file is an error satisfying errors.Is(err, fs.ErrNotExist).
func ReadFile(path string) ([]byte, error) {
	if err := checkLink(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat() // of what was opened: no window between the check and the read
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &UnsafeError{Path: path, Reason: "is not a regular file"}
	}
	if err := checkOwnerAndMode(path, info); err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// WriteFile replaces path with a regular file holding data, mode 0600, without following a
// link at path. Its directory must pass CheckDir. Readers see the old content or the new one,
// never a part.
func WriteFile(path string, data []byte) error {
	return write(path, data, func(tmp string) error { return os.Rename(tmp, path) })
}

// CreateFile is WriteFile for a file that must not exist yet: when path exists (a link
// included) it fails with an error satisfying errors.Is(err, fs.ErrExist) and changes nothing.
func CreateFile(path string, data []byte) error {
	return write(path, data, func(tmp string) error {
		// link(2) creates the name only if it is free, and never follows a link already there.
		err := os.Link(tmp, path)
		if removeErr := os.Remove(tmp); err == nil {
			err = removeErr
		}
		return err
	})
}

func write(path string, data []byte, publish func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	if err := CheckDir(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	published := false
	defer func() {
		if !published {
			_ = os.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	if err := publish(tmp); err != nil {
		return err
	}
	published = true
	return syncDir(dir)
}

// syncDir makes a rename or link in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// checkLink refuses a symbolic link at path that someone else owns: whoever owns a link
// decides where it points.
func checkLink(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if uid, ok := owner(info); ok && !trusted(uid) {
		return &UnsafeError{Path: path, Reason: "is a symbolic link owned by " + describeUser(uid) + ", " + notOurs()}
	}
	return nil
}

func checkOwnerAndMode(path string, info fs.FileInfo) error {
	if uid, ok := owner(info); ok && !trusted(uid) {
		return &UnsafeError{Path: path, Reason: "is owned by " + describeUser(uid) + ", " + notOurs()}
	}
	switch mode := info.Mode(); {
	case mode.Perm()&0o002 != 0:
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("is writable by everyone (mode %s)", octal(mode))}
	case mode.Perm()&0o020 != 0:
		return &UnsafeError{Path: path, Reason: fmt.Sprintf("is writable by its group (mode %s)", octal(mode))}
	}
	return nil
}

// trusted owners: the user glia runs as, and root, who can change anything anyway.
func trusted(uid int) bool { return uid == os.Geteuid() || uid == 0 }

func owner(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

func notOurs() string {
	return "not by " + describeUser(os.Geteuid()) + ", the user glia runs as"
}

func describeUser(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return fmt.Sprintf("%s (uid %d)", u.Username, uid)
	}
	return fmt.Sprintf("uid %d", uid)
}

func octal(mode fs.FileMode) string {
	perm := uint32(mode.Perm())
	if mode&fs.ModeSticky != 0 {
		perm |= 0o1000
	}
	if mode&fs.ModeSetgid != 0 {
		perm |= 0o2000
	}
	if mode&fs.ModeSetuid != 0 {
		perm |= 0o4000
	}
	return fmt.Sprintf("%04o", perm)
}
