/**
 * iSCSI login (RFC 7143 §6.3, §11.12-11.13): the login state machine (security, operational, full
 * feature), CHAP authentication (RFC 1994 MD5, one-way and mutual), login status mapping and the
 * configuration of one login.
 */
package io.lunbridge.protocol.login;
