"""The hand-written backlog behind the fixtures: one shop's twenty tickets, in Markdown.

Three references (SHOP-3, SHOP-4, SHOP-5) are what the team calls well specified; the
poorly specified ones are listed in POOR. `make_fixtures` writes the same tickets in every
export format, so each reader is tested on the same judgement.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    key: str
    type: str
    status: str
    title: str
    text: str
    points: float | None = None
    hours: float | None = None
    parent: str = ""
    links: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    components: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return int(self.key.split("-")[1])


REFERENCES = ("SHOP-3", "SHOP-4", "SHOP-5")
POOR = ("SHOP-2", "SHOP-12", "SHOP-13", "SHOP-14", "SHOP-16", "SHOP-17", "SHOP-18", "SHOP-20")
READY_EPIC, POOR_EPIC = "SHOP-1", "SHOP-2"

TICKETS = (
    Spec(
        "SHOP-1",
        "Epic",
        "To Do",
        "Invoice export for accountants",
        """Accountants retype every invoice into their ledger each month, because the shop
has no export. This epic gives them a CSV export of a month of invoices.

### Done when

- An accountant downloads one month of invoices as `invoices-2026-11.csv` from the
  Billing page.
- The totals of the file match the ledger report to the cent for November 2026.
- An export of 10,000 invoices finishes in under 30 seconds.""",
        labels=("billing",),
    ),
    Spec(
        "SHOP-2",
        "Epic",
        "To Do",
        "Make the dashboard better",
        """The dashboard should be faster and nicer. Users complain.

TBD which widgets, etc.""",
    ),
    Spec(
        "SHOP-3",
        "Story",
        "Done",
        "Select the invoices of one month for the export",
        """The export needs the invoices of one calendar month, in the shop's time zone,
so that late-evening orders on the last day are not lost (they were, in the pilot report).

### Scope

- `billing.export.select_invoices()` in `src/billing/export.py`
- Out of scope: credit notes (SHOP-10).

### Acceptance criteria

- Given invoices dated 2026-10-31T23:30+01:00 and 2026-11-01T00:10+01:00, when November
  is selected, then only the second is returned.
- `select_invoices(2026, 11)` returns invoices ordered by number.
- A month with no invoices returns an empty list, not an error.
- `test_select_invoices_month_boundary` passes.

### How to test

Run `pytest tests/billing/test_export.py -k select`.""",
        points=3,
        parent="SHOP-1",
        components=("billing",),
    ),
    Spec(
        "SHOP-4",
        "Story",
        "Done",
        "Write the invoice CSV with totals",
        """Accountants import the file into their ledger; it must have the ledger's columns,
so the import needs no manual mapping.

### Scope

- `src/billing/csv_writer.py` (new)
- Out of scope: the download page (SHOP-6).

### Acceptance criteria

1. The header row is `number,date,customer,net,vat,gross` exactly.
2. Amounts are written with 2 decimals and a dot, e.g. `1234.50`.
3. The last row is `TOTAL` with the sums of net, vat and gross.
4. A customer name holding a comma is quoted, and the file round-trips through
   `csv.reader` unchanged.

### How to test

`pytest tests/billing/test_csv_writer.py`; open the sample in the ledger's import screen.""",
        points=3,
        parent="SHOP-1",
        components=("billing",),
    ),
    Spec(
        "SHOP-5",
        "Story",
        "Done",
        "Export endpoint for one month of invoices",
        """The Billing page needs one call that returns the month's file, so the browser can
download it directly.

### Scope

- `GET /api/invoices/export?month=2026-11` in `src/api/routes/invoices.py`
- Depends on SHOP-3 and SHOP-4.

### Acceptance criteria

- [ ] Returns 200 with `Content-Type: text/csv` and
      `Content-Disposition: attachment; filename="invoices-2026-11.csv"`.
- [ ] A month written as `2026-13` returns 400 with the message "month must be YYYY-MM".
- [ ] A user without the `accountant` role gets 403.
- [ ] 10,000 invoices are returned in under 30 seconds on the staging database.

### How to test

`pytest tests/api/test_invoices_export.py`, then `curl` the staging URL.""",
        points=5,
        parent="SHOP-1",
        links=("SHOP-3", "SHOP-4"),
        components=("api",),
    ),
    Spec(
        "SHOP-6",
        "Story",
        "To Do",
        "Download button on the Billing page",
        """Accountants start the export from the Billing page they already use, so they need
no new page to learn.

### Scope

- `web/src/pages/Billing.tsx` and `web/src/api/invoices.ts`
- Out of scope: a progress bar.

### Acceptance criteria

- A "Download CSV" button appears next to the month picker for the `accountant` role only.
- Clicking it downloads `invoices-2026-11.csv` for the month shown.
- While the file is prepared the button shows "Preparing…" and is disabled.
- `Billing.test.tsx` covers the three cases above.

### How to test

`npm test -- Billing`; click through on staging.""",
        points=3,
        parent="SHOP-1",
        links=("SHOP-5",),
        components=("web",),
    ),
    Spec(
        "SHOP-7",
        "Story",
        "To Do",
        "Audit log entry for every invoice export",
        """Finance must show auditors who exported which month, because the file holds
customer data.

### Scope

- `src/audit/events.py`: a new `invoice_export` event.
- Out of scope: a page that lists the events.

### Acceptance criteria

- Each export writes one `invoice_export` event with the user id, the month and the row
  count.
- A failed export (status 500) writes the event with `ok: false`.
- `test_export_writes_audit_event` passes.

### How to test

`pytest tests/audit/test_events.py -k export`.""",
        points=2,
        parent="SHOP-1",
        components=("audit",),
    ),
    Spec(
        "SHOP-8",
        "Story",
        "To Do",
        "Document the invoice export for accountants",
        """Accountants need to know which columns the file has and how to import it into the
ledger, so support stops answering the same question.

### Scope

- `docs/billing/export.md` (new), linked from `docs/billing/index.md`.
- Out of scope: translations.

### Acceptance criteria

- The page lists the 6 columns with one example row.
- The page shows the 4 import steps of the ledger with one screenshot each.
- `mkdocs build --strict` passes.

### How to test

Build the docs locally and follow the steps with the sample file.""",
        points=2,
        parent="SHOP-1",
        components=("docs",),
    ),
    Spec(
        "SHOP-9",
        "Story",
        "To Do",
        "Show revenue per week on the dashboard",
        """Managers want to see revenue per week.

### Acceptance criteria

- A chart shows the revenue of the last 12 weeks.
- The chart loads quickly.""",
        points=3,
        parent="SHOP-2",
    ),
    Spec(
        "SHOP-10",
        "Story",
        "To Do",
        "Credit notes in the invoice export",
        """Credit notes reduce a month's revenue; the ledger needs them as negative rows.

### Acceptance criteria

- Credit notes appear as rows with negative amounts.
- The TOTAL row includes them.

Files: `src/billing/export.py`.""",
        points=3,
    ),
    Spec(
        "SHOP-11",
        "Task",
        "To Do",
        "Upgrade the PDF library",
        """The PDF library we use for invoices is two major versions behind and the old
version has a known bug with long customer names.

- Upgrade it in `requirements.txt`.
- Check that invoices still render.""",
        points=2,
    ),
    Spec(
        "SHOP-12",
        "Story",
        "To Do",
        "Dashboard widgets",
        """Add widgets to the dashboard as needed.""",
        parent="SHOP-2",
    ),
    Spec(
        "SHOP-13",
        "Story",
        "To Do",
        "Faster dashboard",
        """The dashboard is slow. It should be fast and responsive and scalable.
Should we cache? ???""",
        parent="SHOP-2",
    ),
    Spec(
        "SHOP-14",
        "Story",
        "To Do",
        "Improve search",
        """Search should work better and handle errors properly, etc.""",
        points=5,
    ),
    Spec(
        "SHOP-15",
        "Story",
        "To Do",
        "Rebuild the whole checkout",
        """The checkout is old; rebuild it in the new web stack because it blocks every other
change to payments.

### Scope

- `web/src/checkout/`, `src/payments/`, `GET /api/cart`, `POST /api/orders`

### Acceptance criteria

- The cart page shows items, quantities and the total with 2 decimals.
- `POST /api/orders` returns 201 with the order number.
- A declined card shows "Your card was declined" and keeps the cart.
- Shipping costs are 0 above 50.00 EUR.
- The confirmation e-mail is sent within 60 seconds.
- Coupons reduce the total and show the code used.
- Stock is reserved for 15 minutes after the order.
- `checkout.spec.ts` passes in CI.

### How to test

`npm run e2e -- checkout`.""",
        points=21,
        components=("web", "payments"),
    ),
    Spec(
        "SHOP-16",
        "Story",
        "To Do",
        "Newsletter signup",
        "",
    ),
    Spec(
        "SHOP-17",
        "Story",
        "To Do",
        "Integrate the new tax service",
        """See https://wiki.example.com/display/FIN/Tax+Service+Integration+Proposal+2026
and https://wiki.example.com/display/FIN/Tax+Service+Meeting+Notes+2026-11-02
https://tax.example.com/docs/api/v3/reference/calculate""",
        points=5,
    ),
    Spec(
        "SHOP-18",
        "Story",
        "To Do",
        "Customer wishlist",
        """**Is your feature request related to a problem? Please describe.**
A clear and concise description of what the problem is.

**Describe the solution you'd like**
A clear and concise description of what you want to happen.""",
    ),
    Spec(
        "SHOP-19",
        "Bug",
        "To Do",
        "Invoice PDF cuts off long customer names",
        """Customers with names longer than 40 characters get invoices whose name is cut off,
which their accountants reject.

### Steps to reproduce

1. Create a customer named "Müller-Lüdenscheidt Handelsgesellschaft mbH & Co. KG".
2. Create an invoice for them and open the PDF from `GET /api/invoices/{id}/pdf`.

### Expected

The full name is printed, wrapped onto a second line if needed.

### Actual

The name stops after 40 characters.

### Acceptance criteria

- A name of 80 characters prints in full on at most 2 lines.
- `test_pdf_long_customer_name` passes.

Scope: `src/billing/pdf.py`.""",
        points=2,
    ),
    Spec(
        "SHOP-20",
        "Bug",
        "To Do",
        "Login broken",
        """Login doesn't work sometimes. Please fix asap.""",
    ),
)
