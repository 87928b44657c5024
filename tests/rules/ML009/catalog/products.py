from billing import invoice
