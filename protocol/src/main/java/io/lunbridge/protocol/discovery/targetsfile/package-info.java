/**
 * The AIX-format iSCSI targets file: a parser that reports every error with file:line:column and
 * never yields the entries of a file with errors, and a writer for export. The secret type here is
 * redacted in every string form.
 */
package io.lunbridge.protocol.discovery.targetsfile;
