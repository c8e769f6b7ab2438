import {
  clickSelectMode,
  rangeBetween,
  SelectionModel
} from '../model/selection';

const ORDER = ['a', 'b', 'c', 'd', 'e'];

describe('SelectionModel', () => {
  let selection: SelectionModel;

  beforeEach(() => {
    selection = new SelectionModel();
  });

  afterEach(() => {
    selection.dispose();
  });

  describe('#select()', () => {
    it('should replace the selection on a plain click', () => {
      selection.select('a', 'replace', ORDER);
      selection.select('c', 'replace', ORDER);
      expect([...selection.selected]).toEqual(['c']);
      expect(selection.focus).toBe('c');
      expect(selection.anchor).toBe('c');
    });

    it('should add and remove items with toggle', () => {
      selection.select('a', 'replace', ORDER);
      selection.select('c', 'toggle', ORDER);
      expect([...selection.selected].sort()).toEqual(['a', 'c']);
      selection.select('a', 'toggle', ORDER);
      expect([...selection.selected]).toEqual(['c']);
    });

    it('should select a range from the anchor', () => {
      selection.select('b', 'replace', ORDER);
      selection.select('d', 'range', ORDER);
      expect([...selection.selected]).toEqual(['b', 'c', 'd']);
      expect(selection.anchor).toBe('b');
      expect(selection.focus).toBe('d');
    });

    it('should select a range upwards', () => {
      selection.select('d', 'replace', ORDER);
      selection.select('b', 'range', ORDER);
      expect([...selection.selected]).toEqual(['b', 'c', 'd']);
    });

    it('should shrink a range when the end moves back', () => {
      selection.select('a', 'replace', ORDER);
      selection.select('d', 'range', ORDER);
      selection.select('b', 'range', ORDER);
      expect([...selection.selected]).toEqual(['a', 'b']);
    });

    it('should add a range to the selection with add-range', () => {
      selection.select('a', 'replace', ORDER);
      selection.select('c', 'toggle', ORDER);
      selection.select('e', 'add-range', ORDER);
      expect([...selection.selected].sort()).toEqual(['a', 'c', 'd', 'e']);
    });

    it('should emit changed', () => {
      const seen: number[] = [];
      selection.changed.connect(() => seen.push(selection.selected.size));
      selection.select('a', 'replace', ORDER);
      selection.select('b', 'toggle', ORDER);
      expect(seen).toEqual([1, 2]);
    });
  });

  describe('#retain()', () => {
    it('should keep selected keys that are still listed', () => {
      selection.select('a', 'replace', ORDER);
      selection.select('c', 'toggle', ORDER);
      selection.retain(['c', 'd']);
      expect([...selection.selected]).toEqual(['c']);
      expect(selection.focus).toBe('c');
    });

    it('should drop the focus when its item is gone', () => {
      selection.select('b', 'replace', ORDER);
      selection.retain(['a', 'c']);
      expect(selection.selected.size).toBe(0);
      expect(selection.focus).toBeNull();
      expect(selection.anchor).toBeNull();
    });

    it('should not emit when nothing changes', () => {
      selection.select('a', 'replace', ORDER);
      let emitted = 0;
      selection.changed.connect(() => emitted++);
      selection.retain(ORDER);
      expect(emitted).toBe(0);
    });
  });

  describe('#selectAll()', () => {
    it('should select every key', () => {
      selection.selectAll(ORDER);
      expect(selection.selected.size).toBe(5);
    });
  });
});

describe('rangeBetween()', () => {
  it('should return the keys between two keys inclusive', () => {
    expect(rangeBetween(ORDER, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(ORDER, 'd', 'b')).toEqual(['b', 'c', 'd']);
  });

  it('should return only the target when a key is missing', () => {
    expect(rangeBetween(ORDER, 'x', 'c')).toEqual(['c']);
  });
});

describe('clickSelectMode', () => {
  const click = (shiftKey: boolean, ctrlKey: boolean, metaKey = false) =>
    clickSelectMode({ shiftKey, ctrlKey, metaKey });

  it('maps modifier keys to selection modes', () => {
    expect(click(false, false)).toBe('replace');
    expect(click(false, true)).toBe('toggle');
    expect(click(false, false, true)).toBe('toggle');
    expect(click(true, false)).toBe('range');
    expect(click(true, true)).toBe('add-range');
  });
});
