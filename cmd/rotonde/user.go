package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/password"
)

const userUsage = `gebruik / usage:
  rotonde user create --email E --name N --role R [--org NAAM|ID] [--password-stdin]
  rotonde user disable --email E
  rotonde user enable --email E
  rotonde user reset-password --email E [--password-stdin]
Rollen / roles: professional, facilitator, administrator, policy, researcher, family, sysadmin.
Zonder --password-stdin krijgt een nieuw account een eenmalig willekeurig wachtwoord, dat één keer wordt getoond;
reset-password geeft dan een herstelcode (24 uur geldig, één keer te gebruiken op /wachtwoord-kiezen) en laat
de tweede factor van het account staan.
Without --password-stdin a new account gets a random one-time password, shown once; reset-password then gives
a reset code (valid 24 hours, usable once at /wachtwoord-kiezen) and leaves the account's second factor in place.`

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{userUsage}
	}
	sub := args[0]
	fs, s := databaseFlags("user "+sub, stderr)
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "name (create)")
	role := fs.String("role", "", "role (create)")
	org := fs.String("org", "", "organisation name or id (create)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if *email == "" {
		return usageError{"--email ontbreekt (missing)\n" + userUsage}
	}
	readPassword := func() (string, bool, error) {
		if !*fromStdin {
			return password.Generate(), true, nil
		}
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", false, err
		}
		pw := strings.TrimRight(line, "\r\n")
		return pw, false, rotonde.ValidatePassword(pw)
	}
	switch sub {
	case "create", "disable", "enable", "reset-password":
	default:
		return usageError{fmt.Sprintf("onbekend subcommando %q (unknown subcommand)\n%s", sub, userUsage)}
	}
	db, err := openAndMigrate(ctx, s.databaseURL, 0, newLogger(io.Discard, 0))
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "create":
		u := &rotonde.User{Email: *email, Name: *name, Role: rotonde.Role(*role)}
		if *org != "" {
			orgs, err := db.Orgs.Organisations(ctx)
			if err != nil {
				return err
			}
			for _, o := range orgs {
				if strings.EqualFold(o.Name, *org) || strconv.FormatInt(o.ID, 10) == *org {
					u.OrgID = o.ID
				}
			}
			if u.OrgID == 0 {
				return fmt.Errorf("organisatie %q bestaat niet (organisation does not exist)", *org)
			}
		}
		if err := u.Validate(); err != nil {
			return bilingual(err)
		}
		pw, hash, generated, err := hashedPassword(readPassword)
		if err != nil {
			return err
		}
		if err := db.Users.CreateUser(ctx, nil, u, hash); err != nil {
			return bilingual(err)
		}
		fmt.Fprintf(stdout, "Account %d aangemaakt voor %s (account created).\n", u.ID, u.Email)
		if generated {
			fmt.Fprintf(stdout, "Eenmalig wachtwoord (one-time password): %s\n", pw)
		}
	case "disable", "enable", "reset-password":
		u, _, err := db.Users.UserByEmail(ctx, *email)
		if err != nil {
			return bilingual(err)
		}
		if sub == "reset-password" {
			return resetPassword(ctx, db, u, *fromStdin, readPassword, stdout)
		}
		if err := db.Users.SetDisabled(ctx, nil, u.ID, sub == "disable"); err != nil {
			return err
		}
		detail := "account ingeschakeld via de opdrachtregel"
		if sub == "disable" {
			detail = "account uitgeschakeld via de opdrachtregel; sessies beëindigd en tokens ingetrokken"
		}
		if err := appendSecurityEvent(ctx, db, rotonde.SecurityAccount, u, detail); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s\n", u.Email, map[bool]string{true: "uitgeschakeld (disabled)", false: "ingeschakeld (enabled)"}[sub == "disable"])
	}
	return nil
}

// bilingual turns a domain error into one message, Dutch and then English.
func bilingual(err error) error {
	return fmt.Errorf("%s (%s)", rotonde.UserMessage(err, "nl"), rotonde.UserMessage(err, "en"))
}

// hashedPassword reads a password with readPassword and hashes it; it
// returns the password, its hash and whether it was generated.
func hashedPassword(readPassword func() (string, bool, error)) (pw, hash string, generated bool, err error) {
	pw, generated, err = readPassword()
	if err != nil {
		return "", "", false, bilingual(err)
	}
	hash, err = password.Hash(pw, password.Default)
	return pw, hash, generated, err
}
