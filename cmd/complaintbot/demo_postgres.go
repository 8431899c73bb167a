//go:build demo

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// postgresRoot is where Debian and Ubuntu install PostgreSQL's server, one
// directory per major version.
const postgresRoot = "/usr/lib/postgresql"

// tempPostgres is a PostgreSQL server of the demo's own, started from the
// system's binaries: its data directory and socket directory in a temp
// directory, listening on 127.0.0.1 on a free port, trusting every local
// connection. stop ends it and removes the directory.
type tempPostgres struct {
	binDir string
	dir    string
	port   int
	proc   *serverProcess
}

// startTempPostgres runs initdb and then postgres. As root, both run as an
// unprivileged user (see postgresUser), who is given the directory.
func startTempPostgres(ctx context.Context) (*tempPostgres, error) {
	binDir, err := findPostgres()
	if err != nil {
		return nil, err
	}
	runAs, err := postgresUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "complaintbot-demo-pg-")
	if err != nil {
		return nil, fmt.Errorf("make PostgreSQL's temp dir: %w", err)
	}
	pg := &tempPostgres{binDir: binDir, dir: dir}
	if err := pg.start(ctx, runAs); err != nil {
		pg.stop()
		return nil, err
	}
	return pg, nil
}

func (pg *tempPostgres) start(ctx context.Context, runAs *serverUser) error {
	if err := runAs.own(pg.dir); err != nil {
		return err
	}
	if err := pg.initdb(ctx, runAs); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	pg.port = port
	cmd := exec.Command(filepath.Join(pg.binDir, "postgres"), "-D", pg.dataDir(),
		"-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", pg.socketDir(),
		// Nothing of the demo's is kept: durability only slows it.
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	cmd.Dir = pg.dir
	runAs.prepare(cmd)
	if pg.proc, err = startServer("postgres"+runAs.describe(), cmd); err != nil {
		return err
	}
	return pg.proc.waitReady(ctx, pg.answers)
}

// initdb makes the data directory: one superuser, postgres, and trust
// authentication, as for a server only this machine reaches.
func (pg *tempPostgres) initdb(ctx context.Context, runAs *serverUser) error {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.binDir, "initdb"), "-D", pg.dataDir(),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	cmd.Dir = pg.dir
	runAs.prepare(cmd)
	out := &logTail{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("initdb%s in %s: %w%s", runAs.describe(), pg.dir, err, out.excerpt())
	}
	return nil
}

func (pg *tempPostgres) dataDir() string { return filepath.Join(pg.dir, "data") }

// maxSocketPath is the longest path a Unix socket may have.
const maxSocketPath = 107

// socketDir is where the server puts its Unix socket and the socket's lock
// file: its own directory, never the system's /var/run/postgresql. Where
// the socket's path would be too long (a deep TMPDIR), it opens none, and
// the demo connects over TCP alone.
func (pg *tempPostgres) socketDir() string {
	if len(filepath.Join(pg.dir, ".s.PGSQL.65535")) > maxSocketPath {
		return ""
	}
	return pg.dir
}

// URL is the server's address for pgx.
func (pg *tempPostgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

// installDir is the PostgreSQL installation the server runs from.
func (pg *tempPostgres) installDir() string {
	if filepath.Base(pg.binDir) == "bin" {
		return filepath.Dir(pg.binDir)
	}
	return pg.binDir
}

func (pg *tempPostgres) answers(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, pg.URL())
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// stop shuts the server down (SIGINT: fast shutdown), waits for it, and
// removes its directory.
func (pg *tempPostgres) stop() {
	if pg.proc != nil {
		pg.proc.stop(os.Interrupt)
	}
	_ = os.RemoveAll(pg.dir)
}

// findPostgres returns the directory of PostgreSQL's server binaries
// (initdb and postgres): the newest version under postgresRoot, else the
// directory on the PATH that holds both.
func findPostgres() (string, error) {
	dirs, _ := filepath.Glob(filepath.Join(postgresRoot, "*", "bin"))
	slices.SortFunc(dirs, func(a, b string) int { return compareVersions(versionOf(b), versionOf(a)) })
	for _, d := range dirs {
		if hasPostgresServer(d) {
			return d, nil
		}
	}
	if p, ok := findBinary("postgres"); ok && hasPostgresServer(filepath.Dir(p)) {
		return filepath.Dir(p), nil
	}
	if len(dirs) > 0 {
		return "", errors.New("PostgreSQL's server (initdb, postgres) is not installed, only its client tools: apt-get install postgresql")
	}
	return "", errors.New("no PostgreSQL binaries under " + postgresRoot + " or on the PATH: apt-get install postgresql")
}

func hasPostgresServer(dir string) bool {
	return isProgram(filepath.Join(dir, "initdb")) && isProgram(filepath.Join(dir, "postgres"))
}

// versionOf is the major version of a binaries directory such as
// /usr/lib/postgresql/16/bin.
func versionOf(binDir string) string { return filepath.Base(filepath.Dir(binDir)) }

// compareVersions orders versions such as 9.6, 15 and 16 by their numbers.
func compareVersions(a, b string) int {
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
