from catalog import products
