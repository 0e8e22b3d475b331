#ifndef PARITY_CODBC_SHIM_H
#define PARITY_CODBC_SHIM_H

// unixODBC's ODBC 3.8 API (Debian package unixodbc-dev).
#include <sql.h>
#include <sqlext.h>

#endif
