package io.lunbridge.cli;

import io.lunbridge.protocol.scsi.Lun;
import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --lun N}: a LUN number, checked against SAM's 8-byte LUN range (0..2^64-1) with an error
 * naming the value; lunbridge addresses LUNs by single-level number (0..16383, peripheral and flat
 * space addressing), so larger values are refused with that explanation.
 */
final class LunOption implements ITypeConverter<Integer> {
    private static final BigInteger SAM_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public Integer convert(String value) {
        BigInteger n;
        try {
            n = new BigInteger(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a LUN number (expected 0.." + Lun.MAX_NUMBER + ")");
        }
        if (n.signum() < 0) {
            throw new TypeConversionException(value + ": a LUN number is never negative (expected 0.." + Lun.MAX_NUMBER + ")");
        }
        if (n.compareTo(SAM_MAX) > 0) {
            throw new TypeConversionException(value + " is outside SAM's 8-byte LUN range 0..2^64-1");
        }
        if (n.compareTo(BigInteger.valueOf(Lun.MAX_NUMBER)) > 0) {
            throw new TypeConversionException(value + " has no single-level SAM address: LUN numbers are 0.."
                    + Lun.MAX_NUMBER + " (peripheral addressing below 256, flat space up to 16383)");
        }
        return n.intValueExact();
    }
}
