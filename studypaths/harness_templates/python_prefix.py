import json as _im_json
import sys as _im_sys
from typing import *  # noqa

_im_out = _im_sys.stdout
_im_sys.stdout = _im_sys.stderr
_im_sys.setrecursionlimit(200000)  # a depth-first search over a 300 x 300 grid fits
class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next
class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right
