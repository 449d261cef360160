// A bank account with methods returning errors, and a ledger of
// transactions.
package main

import (
	"errors"
	"fmt"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	Owner   string
	balance int64
	ledger  []string
}

func (a *Account) Deposit(cents int64) error {
	if cents <= 0 {
		return fmt.Errorf("deposit %d: amount must be positive", cents)
	}
	a.balance += cents
	a.ledger = append(a.ledger, fmt.Sprintf("+%d", cents))
	return nil
}

func (a *Account) Withdraw(cents int64) error {
	if cents > a.balance {
		return fmt.Errorf("withdraw %d from %s: %w", cents, a.Owner, ErrInsufficient)
	}
	a.balance -= cents
	a.ledger = append(a.ledger, fmt.Sprintf("-%d", cents))
	return nil
}

func (a Account) Balance() string { return fmt.Sprintf("%d.%02d", a.balance/100, a.balance%100) }

func Transfer(from, to *Account, cents int64) error {
	if err := from.Withdraw(cents); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	return to.Deposit(cents)
}

func main() {
	a, b := &Account{Owner: "ann"}, &Account{Owner: "bob"}
	fmt.Println(a.Deposit(10050), a.Deposit(-1))
	fmt.Println(Transfer(a, b, 2500))
	err := Transfer(b, a, 99999)
	fmt.Println(err, errors.Is(err, ErrInsufficient))
	fmt.Println(a.Balance(), b.Balance(), a.ledger, b.ledger)
}
