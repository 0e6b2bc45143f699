package dev.faramesh.it.packaging;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The string constants of a class file, in constant-pool order (what shade's relocation rewrites). */
final class ConstantPool {

  private ConstantPool() {}

  static List<String> strings(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> strings = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // 8-byte constants take two slots
        }
        case 7, 16, 19, 20 -> in.readUnsignedShort();
        case 8 -> strings.add(in.readUnsignedShort());
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    List<String> values = new ArrayList<>();
    for (int index : strings) {
      values.add(utf8[index]);
    }
    return values;
  }
}
